mod corpus;
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use dossier::project::{Change, Project};
fn main() {
    let dir = std::path::PathBuf::from("/tmp/corpus10k");
    if !dir.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        corpus::write_site(&dir, 10_000);
    }
    let mut project = Project::new(&dir, None, dossier::BuildOptions::default());
    let t = std::time::Instant::now();
    project.rebuild(&Change::Everything).unwrap();
    eprintln!("first {:?}", t.elapsed());
    let rel = std::path::PathBuf::from("content/briefs/brief-5000.md");
    let path = dir.join(&rel);
    let original = std::fs::read_to_string(&path).unwrap();
    for n in 0..60 {
        let edited = original.replacen(
            "title: Brief 5000",
            &format!("title: Brief 5000 edit {n}"),
            1,
        );
        std::fs::write(&path, edited).unwrap();
        let t = std::time::Instant::now();
        let u = project
            .rebuild(&Change::Content(vec![rel.clone()]))
            .unwrap();
        eprintln!(
            "rebuild {:?} rendered {} written {}",
            t.elapsed(),
            u.rendered,
            u.write.len()
        );
    }
    std::fs::write(&path, original).unwrap();
}
