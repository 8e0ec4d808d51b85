//! The progress line of `dossier build` and of `serve`'s first build: the current
//! stage and, while pages are rendered, a bar and a count of them, redrawn ten
//! times a second (and at each new stage) on one line of standard error. Nothing
//! is drawn for the first second (a quick build prints nothing extra;
//! `DOSSIER_PROGRESS_DELAY_MS` changes the wait), and the line is cleared before
//! the command prints anything else. Only on a terminal, and not with `--quiet`
//! ([`super::Terminal::progress`]).

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::Progress;

/// How long a command runs before the line appears, unless
/// `DOSSIER_PROGRESS_DELAY_MS` says otherwise.
const DELAY: Duration = Duration::from_secs(1);

/// The wait before the line appears: [`DELAY`], or the milliseconds of
/// `DOSSIER_PROGRESS_DELAY_MS` when it holds a number (0 shows the line at once,
/// which the tests of the terminal output rely on).
pub(crate) fn delay(setting: Option<&str>) -> Duration {
    setting
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(DELAY, Duration::from_millis)
}
/// Time between two redraws.
const TICK: Duration = Duration::from_millis(100);
/// Back to the start of the line, and erase it.
const CLEAR: &str = "\r\x1b[2K";
/// Cells of the bar; the whole line stays under 80 columns, since a line that
/// wraps cannot be redrawn in place.
const BAR: usize = 20;

/// The text of the line: the stage, and for a stage that renders pages a bar and
/// the count; then the time since the command began.
fn line(stage: &str, done: usize, total: usize, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if total == 0 {
        return format!("{stage}... {secs:.1} s");
    }
    let done = done.min(total);
    let filled = done * BAR / total;
    format!(
        "{stage} [{}{}] {done}/{total} pages {secs:.1} s",
        "#".repeat(filled),
        " ".repeat(BAR - filled)
    )
}

/// What has been drawn, and what to draw next. Writes to `out` and ignores its
/// errors: a progress line that cannot be written is not worth failing a build.
struct Painter<W> {
    out: W,
    delay: Duration,
    stage: &'static str,
    total: usize,
    /// A line is on the screen.
    shown: bool,
    /// The build is over: nothing is drawn any more.
    finished: bool,
}

impl<W: Write> Painter<W> {
    fn new(out: W, delay: Duration) -> Self {
        Painter {
            out,
            delay,
            stage: "",
            total: 0,
            shown: false,
            finished: false,
        }
    }

    /// Draws the line for `done` pages at `elapsed` since the command began;
    /// nothing before the delay, before the first stage or once finished.
    fn draw(&mut self, done: usize, elapsed: Duration) {
        if self.finished || self.stage.is_empty() || elapsed < self.delay {
            return;
        }
        let text = line(self.stage, done, self.total, elapsed);
        // Cleared first, so that a shorter line leaves nothing of a longer one.
        let _ = write!(self.out, "{CLEAR}{text}");
        let _ = self.out.flush();
        self.shown = true;
    }

    /// Erases the line, if one was drawn, and draws nothing from now on.
    fn finish(&mut self) {
        if self.shown {
            let _ = write!(self.out, "{CLEAR}");
            let _ = self.out.flush();
            self.shown = false;
        }
        self.finished = true;
    }
}

/// The sink the library reports to, shared with the drawing thread.
struct Shared<W> {
    /// Pages done in the current stage: the one thing the rendering threads touch.
    done: AtomicUsize,
    /// Drawing and finishing both hold it while they write, so that a draw can
    /// never follow the clearing.
    painter: Mutex<Painter<W>>,
    /// Wakes the drawing thread when the build is over.
    wake: Condvar,
    start: Instant,
}

impl<W: Write> Shared<W> {
    fn new(out: W, start: Instant, delay: Duration) -> Self {
        Shared {
            done: AtomicUsize::new(0),
            painter: Mutex::new(Painter::new(out, delay)),
            wake: Condvar::new(),
            start,
        }
    }

    /// The painter. A panic while drawing leaves nothing inconsistent in it, so a
    /// poisoned lock is used as it is.
    fn painter(&self) -> MutexGuard<'_, Painter<W>> {
        self.painter.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Redraws every [`TICK`] until finished.
    fn run(&self) {
        let mut painter = self.painter();
        while !painter.finished {
            painter = self
                .wake
                .wait_timeout(painter, TICK)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
            let done = self.done.load(Ordering::Relaxed);
            painter.draw(done, self.start.elapsed());
        }
    }
}

impl<W: Write + Send> Progress for Shared<W> {
    fn stage(&self, name: &'static str, pages: usize) {
        let mut painter = self.painter();
        painter.stage = name;
        painter.total = pages;
        self.done.store(0, Ordering::Relaxed);
        // Shown at once, not at the next tick: a stage may be shorter than one.
        painter.draw(0, self.start.elapsed());
    }

    fn pages_done(&self) -> &AtomicUsize {
        &self.done
    }

    fn finish(&self) {
        self.painter().finish();
        self.wake.notify_all();
    }
}

/// The progress line of one command: its sink and the thread that draws it.
/// Dropping it clears the line and stops the thread.
pub(crate) struct Reporter {
    shared: Arc<Shared<std::io::Stderr>>,
    thread: Option<JoinHandle<()>>,
}

impl Reporter {
    /// Starts drawing on standard error; `None` when the thread cannot be started
    /// (the command then runs without a progress line).
    pub(crate) fn start(delay: Duration) -> Option<Reporter> {
        let shared = Arc::new(Shared::new(std::io::stderr(), Instant::now(), delay));
        let drawer = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("dossier-progress".into())
            .spawn(move || drawer.run())
            .ok()?;
        Some(Reporter {
            shared,
            thread: Some(thread),
        })
    }

    /// The sink to give the build.
    pub(crate) fn sink(&self) -> Arc<dyn Progress> {
        self.shared.clone()
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        self.shared.finish();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LATE: Duration = Duration::from_millis(1500);

    fn text(shared: &Shared<Vec<u8>>) -> String {
        String::from_utf8(shared.painter().out.clone()).expect("the line is UTF-8")
    }

    fn shared() -> Shared<Vec<u8>> {
        Shared::new(Vec::new(), Instant::now(), DELAY)
    }

    #[test]
    fn a_page_stage_shows_a_bar_and_the_count() {
        assert_eq!(
            line("render pages", 250, 1000, LATE),
            "render pages [#####               ] 250/1000 pages 1.5 s"
        );
        assert_eq!(
            line("render pages", 1000, 1000, Duration::from_secs(2)),
            format!("render pages [{}] 1000/1000 pages 2.0 s", "#".repeat(BAR))
        );
    }

    #[test]
    fn a_stage_without_pages_shows_its_name_and_the_time() {
        assert_eq!(line("read files", 0, 0, LATE), "read files... 1.5 s");
    }

    #[test]
    fn a_count_past_the_total_fills_the_bar_and_no_more() {
        let drawn = line("render pages", 12, 10, LATE);
        assert!(drawn.contains("10/10 pages"), "{drawn}");
        assert!(drawn.contains(&"#".repeat(BAR)), "{drawn}");
    }

    #[test]
    fn the_longest_line_fits_a_narrow_terminal() {
        // The longest name of a stage that renders pages.
        let drawn = line(
            "render and write pages",
            999_999,
            1_000_000,
            Duration::from_secs(999),
        );
        assert!(drawn.len() < 80, "{} columns: {drawn}", drawn.len());
    }

    #[test]
    fn nothing_is_drawn_in_the_first_second() {
        let s = shared();
        s.stage("render and write pages", 100);
        s.pages_done().fetch_add(40, Ordering::Relaxed);
        s.painter().draw(40, Duration::from_millis(900));
        assert_eq!(text(&s), "");
        // Finishing a build that drew nothing writes nothing either.
        s.finish();
        assert_eq!(text(&s), "");
    }

    #[test]
    fn a_slow_build_draws_on_one_line_and_clears_it_when_finished() {
        let s = shared();
        s.stage("render and write pages", 100);
        s.pages_done().fetch_add(40, Ordering::Relaxed);
        s.painter()
            .draw(s.pages_done().load(Ordering::Relaxed), LATE);
        let drawn = text(&s);
        assert!(drawn.starts_with(CLEAR), "{drawn:?}");
        assert!(drawn.contains("40/100 pages"), "{drawn:?}");
        assert!(!drawn.contains('\n'), "{drawn:?}");
        s.finish();
        let after = text(&s);
        assert!(after.ends_with(CLEAR), "{after:?}");
        // Once finished, nothing more is drawn.
        s.painter().draw(100, Duration::from_secs(3));
        assert_eq!(text(&s), after);
    }

    #[test]
    fn a_new_stage_starts_its_count_from_zero() {
        let s = shared();
        s.stage("render pages", 10);
        s.pages_done().fetch_add(10, Ordering::Relaxed);
        s.stage("search index", 0);
        assert_eq!(s.pages_done().load(Ordering::Relaxed), 0);
        s.painter().draw(0, LATE);
        assert!(text(&s).ends_with("search index... 1.5 s"), "{}", text(&s));
    }

    #[test]
    fn a_new_stage_is_drawn_at_once_past_the_delay() {
        let s = Shared::new(Vec::new(), Instant::now(), Duration::ZERO);
        s.stage("read files", 0);
        assert!(text(&s).contains("read files... "), "{}", text(&s));
        s.stage("render and write pages", 7);
        assert!(text(&s).contains("0/7 pages"), "{}", text(&s));
    }

    #[test]
    fn the_delay_can_be_set_in_milliseconds() {
        assert_eq!(delay(None), DELAY);
        assert_eq!(delay(Some("0")), Duration::ZERO);
        assert_eq!(delay(Some(" 250 ")), Duration::from_millis(250));
        assert_eq!(delay(Some("soon")), DELAY);
    }

    #[test]
    fn nothing_is_drawn_before_the_first_stage() {
        let s = shared();
        s.painter().draw(0, LATE);
        assert_eq!(text(&s), "");
    }

    #[test]
    fn the_drawing_thread_stops_when_finished() {
        let s = Arc::new(shared());
        let drawer = Arc::clone(&s);
        let thread = std::thread::spawn(move || drawer.run());
        s.finish();
        // A thread that did not stop would hang the test here.
        thread.join().expect("the drawing thread does not panic");
        assert!(s.painter().finished);
    }
}
