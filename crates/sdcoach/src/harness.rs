//! The kata harness's edge: a learner's program as a child process that the scenario runner
//! talks to line by line. It survives programs that crash, hang, print garbage or flood, and
//! leaves nothing running: the child gets its own process group, killed when the run ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kata::{Transport, TransportError};

/// Longest reply line, and most output per scenario, the harness reads.
pub const MAX_LINE: usize = 64 * 1024;
pub const MAX_OUTPUT: usize = 1024 * 1024;
/// How much of the program's standard error a failure report shows.
const STDERR_TAIL: usize = 2 * 1024;
/// How long a program may take to exit once its input is closed.
const EXIT_GRACE: Duration = Duration::from_millis(500);

enum Line {
    Text(String),
    NotUtf8,
    Flood,
    End,
}

/// A running program under test.
pub struct Program {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<Line>,
    stderr: Arc<Mutex<Vec<u8>>>,
    deadline: Instant,
    timeout: Duration,
    ended: bool,
}

impl Program {
    /// Starts `argv` with piped standard streams; the scenario's time starts now.
    pub fn start(argv: &[String], timeout: Duration) -> std::io::Result<Program> {
        let (program, args) = argv.split_first().ok_or_else(|| std::io::Error::other("no program given"))?;
        let mut command = Command::new(program);
        command.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command.spawn()?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr_pipe = child.stderr.take().expect("stderr is piped");
        let (send, lines) = channel();
        std::thread::spawn(move || read_lines(stdout, &send));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let tail = Arc::clone(&stderr);
        std::thread::spawn(move || keep_tail(stderr_pipe, &tail));
        Ok(Program {
            stdin: child.stdin.take(),
            child,
            lines,
            stderr,
            deadline: Instant::now() + timeout,
            timeout,
            ended: false,
        })
    }

    /// The last lines the program wrote to standard error.
    pub fn stderr_tail(&self) -> String {
        let bytes = self.stderr.lock().map(|b| b.clone()).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        // Start at a line boundary when the tail was cut.
        let text =
            if bytes.len() >= STDERR_TAIL { text.split_once('\n').map_or(&*text, |(_, r)| r) } else { &text };
        text.trim_end().to_owned()
    }

    /// Closes the program's input and lets it exit; returns the lines it printed after its last
    /// reply (there should be none), then kills whatever is left of its process group.
    pub fn finish(&mut self) -> Vec<String> {
        self.stdin = None;
        let grace = Instant::now() + EXIT_GRACE;
        while Instant::now() < grace {
            if !matches!(self.child.try_wait(), Ok(None)) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let mut extra = Vec::new();
        // The reader thread ends with the pipe; give it a moment to deliver what is buffered.
        loop {
            match self.lines.recv_timeout(Duration::from_millis(if self.ended { 0 } else { 50 })) {
                Ok(Line::Text(t)) if extra.len() < 5 => extra.push(t),
                Ok(Line::Text(_) | Line::NotUtf8 | Line::Flood) => {}
                Ok(Line::End) | Err(_) => break,
            }
        }
        self.kill();
        extra
    }

    fn kill(&mut self) {
        #[cfg(unix)]
        {
            // The whole group: a shell or a build tool may have started the real program.
            let _ = rustix::process::kill_process_group(
                rustix::process::Pid::from_child(&self.child),
                rustix::process::Signal::KILL,
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn exit_status(&mut self) -> String {
        let until = Instant::now() + Duration::from_millis(200);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return describe(status),
                Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(5)),
                _ => return "closed its output".into(),
            }
        }
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        self.kill();
    }
}

impl Transport for Program {
    fn exchange(&mut self, command: &str) -> Result<String, TransportError> {
        if self.ended {
            return Err(TransportError::Exited { status: self.exit_status() });
        }
        let written = match self.stdin.as_mut() {
            Some(stdin) => stdin
                .write_all(command.as_bytes())
                .and_then(|()| stdin.write_all(b"\n"))
                .and_then(|()| stdin.flush()),
            None => Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe)),
        };
        if written.is_err() {
            self.ended = true;
            return Err(TransportError::Exited { status: self.exit_status() });
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        match self.lines.recv_timeout(left) {
            Ok(Line::Text(reply)) => Ok(reply),
            Ok(Line::NotUtf8) => Err(TransportError::NotUtf8),
            Ok(Line::Flood) => Err(TransportError::Flood { bytes: MAX_OUTPUT }),
            Ok(Line::End) | Err(RecvTimeoutError::Disconnected) => {
                self.ended = true;
                Err(TransportError::Exited { status: self.exit_status() })
            }
            Err(RecvTimeoutError::Timeout) => {
                Err(TransportError::Timeout { seconds: self.timeout.as_secs_f64() })
            }
        }
    }
}

/// Reads reply lines until the pipe closes or the program writes more than the harness reads.
fn read_lines(stdout: impl Read, send: &std::sync::mpsc::Sender<Line>) {
    let mut reader = BufReader::new(stdout);
    let mut total = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let limit = u64::try_from(MAX_LINE + 1).unwrap_or(u64::MAX);
        let n = match reader.by_ref().take(limit).read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => {
                let _ = send.send(Line::End);
                return;
            }
            Ok(n) => n,
        };
        total += n;
        let ends_line = buf.last() == Some(&b'\n');
        if total > MAX_OUTPUT || (!ends_line && n > MAX_LINE) {
            // Stop reading: the program blocks on a full pipe until it is killed.
            let _ = send.send(Line::Flood);
            return;
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        let line = match String::from_utf8(std::mem::take(&mut buf)) {
            Ok(text) => Line::Text(text),
            Err(_) => Line::NotUtf8,
        };
        if send.send(line).is_err() {
            return;
        }
    }
}

/// Keeps the last [`STDERR_TAIL`] bytes of standard error, reading it all so the program never
/// blocks on it.
fn keep_tail(mut stderr: impl Read, tail: &Mutex<Vec<u8>>) {
    let mut chunk = [0u8; 4096];
    while let Ok(n) = stderr.read(&mut chunk) {
        if n == 0 {
            return;
        }
        let Ok(mut t) = tail.lock() else { return };
        t.extend_from_slice(&chunk[..n]);
        if t.len() > STDERR_TAIL {
            let cut = t.len() - STDERR_TAIL;
            t.drain(..cut);
        }
    }
}

fn describe(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        let name = match signal {
            6 => " (SIGABRT)",
            9 => " (SIGKILL)",
            11 => " (SIGSEGV)",
            _ => "",
        };
        return format!("killed by signal {signal}{name}");
    }
    match status.code() {
        Some(code) => format!("exit status {code}"),
        None => "ended".into(),
    }
}
