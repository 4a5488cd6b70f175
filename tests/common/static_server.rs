//! A tiny static HTTP server for the browser tests: files under a folder
//! (or fixed pages), on a local port, from background threads, with a log
//! of the requests it answered.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What the server serves: files under a folder, or fixed pages by path.
#[derive(Clone)]
pub(crate) enum Content {
    Dir(PathBuf),
    Pages(BTreeMap<String, String>),
}

/// The requests answered so far (their targets, query included).
pub(crate) type Log = Arc<Mutex<Vec<String>>>;

/// A listener on a free local port, and its origin (`http://127.0.0.1:N`).
pub(crate) fn listen() -> (TcpListener, String) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let origin = format!("http://127.0.0.1:{}", l.local_addr().expect("addr").port());
    (l, origin)
}

/// Serves `content` on `listener` from background threads; returns the request log.
pub(crate) fn serve(listener: TcpListener, content: Content) -> Log {
    let log = Log::default();
    let shared = log.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let content = content.clone();
            let log = shared.clone();
            thread::spawn(move || answer(stream, &content, &log));
        }
    });
    log
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("js") => "text/javascript; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    }
}

/// Answers one request: GET of a file, 404 otherwise. Paths never leave the folder.
fn answer(mut stream: TcpStream, content: &Content, log: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    // Chromium opens spare connections ahead of need (preconnect) and may close
    // them unused: those send no request and are not logged.
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let Some(target) = request_line.split_whitespace().nth(1).map(str::to_string) else {
        return;
    };
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    log.lock().expect("log").push(target.clone());
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let body = match content {
        Content::Pages(pages) => pages.get(&file).map(|s| s.as_bytes().to_vec()),
        Content::Dir(root) if !file.contains("..") => std::fs::read(root.join(file.trim_start_matches('/'))).ok(),
        Content::Dir(_) => None,
    };
    let (status, body) = match body {
        Some(b) => ("200 OK", b),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
