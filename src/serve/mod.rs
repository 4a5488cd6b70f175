//! `shudu serve`: builds the site into memory, serves it with live reload,
//! watches the sources and rebuilds what an edit affects. A content or
//! template error keeps the last good site served, with an error overlay on
//! every page until it is fixed. Nothing is written to disk.

pub(crate) mod files;
pub mod live;
pub(crate) mod overlay;
mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::http::{header, Method, Request, Response, StatusCode};
use axum::Router;
use tower_livereload::LiveReloadLayer;

use crate::model::BuildOptions;
use files::{content_type, Lookup};
pub use files::{ServedFile, SiteFiles};
use live::LiveSite;

/// Default port of `shudu serve`.
pub const DEFAULT_PORT: u16 = 1111;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's root folder (the one with `site.yaml`).
    pub root: PathBuf,
    /// The address to listen on (`127.0.0.1`, `::1`, `0.0.0.0`).
    pub interface: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Show drafts.
    pub drafts: bool,
    /// Show stories dated in the future.
    pub future: bool,
}

/// Why serving could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Another program listens on the port.
    #[error("{addr}: the port is already in use; choose another with --port")]
    PortInUse {
        /// The address, `host:port` (`[::1]:1111` for IPv6).
        addr: String,
    },
    /// Listening failed for another reason.
    #[error("{addr}: cannot listen: {source}")]
    Bind {
        /// The address, `host:port` (`[::1]:1111` for IPv6).
        addr: String,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The site's folders cannot be watched for changes.
    #[error("cannot watch {path}: {message}")]
    Watch {
        /// The file or folder.
        path: String,
        /// The file watcher's message.
        message: String,
    },
    /// The async runtime could not be started.
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// A running server (for tests and embedding): stops when dropped.
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://addr`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn stop_inner(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_inner();
    }
}

fn bind(opts: &ServeOptions) -> Result<std::net::TcpListener, ServeError> {
    let addr = format!("{}:{}", opts.interface, opts.port);
    let display = if opts.interface.contains(':') {
        format!("[{}]:{}", opts.interface, opts.port)
    } else {
        addr.clone()
    };
    let listener = std::net::TcpListener::bind(if opts.interface.contains(':') { &display } else { &addr }).map_err(
        |e| match e.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::PortInUse { addr: display.clone() },
            _ => ServeError::Bind {
                addr: display.clone(),
                source: e,
            },
        },
    )?;
    listener.set_nonblocking(true).map_err(ServeError::Runtime)?;
    Ok(listener)
}

/// Binds, builds and starts serving in a background thread; returns once
/// the first build is done and the port is listening.
pub fn start(opts: &ServeOptions) -> Result<Server, ServeError> {
    let listener = bind(opts)?;
    let addr = listener.local_addr().map_err(ServeError::Runtime)?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    let options = BuildOptions {
        drafts: opts.drafts,
        future: opts.future,
        base_url: Some(format!("http://{host}:{}", addr.port())),
        ..BuildOptions::default()
    };
    let (live, report) = LiveSite::new(&opts.root, options);
    log_report(&report, &live);
    let site = Arc::new(RwLock::new(live));

    let livereload = LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let watcher = watch::watch(&opts.root, {
        let site = Arc::clone(&site);
        move |changed: Vec<PathBuf>| {
            let Ok(mut live) = site.write() else { return };
            let report = live.rebuild_pages(&changed);
            log_report(&report, &live);
            drop(live);
            reloader.reload();
            // The sitemap and the open data after the reload, while the
            // browser fetches its page (rendered with read access only).
            let later = site.read().ok().and_then(|live| live.render_later());
            if let (Some(later), Ok(mut live)) = (later, site.write()) {
                if let Some(report) = live.accept_later(later) {
                    log_report(&report, &live);
                    if !report.ok {
                        drop(live);
                        reloader.reload();
                    }
                }
            }
        }
    })?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let app = Router::new()
        .fallback({
            let site = Arc::clone(&site);
            move |req: Request<Body>| {
                let site = Arc::clone(&site);
                async move {
                    if matches!(*req.method(), Method::GET | Method::HEAD) {
                        respond(&site, req.uri().path())
                    } else {
                        method_not_allowed()
                    }
                }
            }
        })
        .layer(livereload);
    let listener = runtime
        .block_on(async { tokio::net::TcpListener::from_std(listener) })
        .map_err(ServeError::Runtime)?;
    let thread = std::thread::spawn(move || {
        let _watcher = watcher;
        runtime.block_on(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        runtime.shutdown_background();
    });
    Ok(Server {
        addr,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}

/// Serves until interrupted (the command line).
pub fn run(opts: &ServeOptions) -> Result<(), ServeError> {
    let mut server = start(opts)?;
    eprintln!("serving {} at {} (Ctrl+C to stop)", opts.root.display(), server.url());
    // `server` (and with it the shutdown sender) lives while the thread runs.
    if let Some(t) = server.thread.take() {
        let _ = t.join();
    }
    Ok(())
}

fn log_report(report: &live::RebuildReport, live: &LiveSite) {
    let errors = live.errors();
    if report.ok {
        eprintln!(
            "built: {} of {} pages rendered in {} ms ({})",
            report.rendered,
            report.total,
            report.elapsed.as_millis(),
            match report.model {
                live::ModelUpdate::Bodies => "bodies patched",
                live::ModelUpdate::Stories => "stories patched",
                live::ModelUpdate::Rebuilt => "site graph rebuilt",
                live::ModelUpdate::Whole => "whole site",
                live::ModelUpdate::Later => "site-wide files, after the reload",
            }
        );
    } else {
        for d in errors {
            eprintln!("{d}");
        }
        if live.has_site() {
            eprintln!("error: {} error(s); still serving the last good build", errors.len());
        } else {
            eprintln!(
                "error: {} error(s); serving the list of errors until they are fixed",
                errors.len()
            );
        }
    }
}

fn respond(site: &RwLock<LiveSite>, path: &str) -> Response<Body> {
    let Ok(live) = site.read() else {
        return status(StatusCode::INTERNAL_SERVER_ERROR, "server state unavailable");
    };
    let overlay = overlay::overlay_html(live.errors());
    if !live.has_site() {
        return html_response(StatusCode::OK, overlay::error_page(live.errors()));
    }
    match live.files().lookup(path) {
        Lookup::File { path, file } => file_response(StatusCode::OK, &path, &file, &overlay),
        Lookup::Redirect(to) => Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, to)
            .body(Body::empty())
            .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR, "")),
        Lookup::NotFound => match live.files().get("404.html") {
            Some(file) => file_response(StatusCode::NOT_FOUND, "404.html", file, &overlay),
            None => status(StatusCode::NOT_FOUND, "not found"),
        },
        Lookup::Refused => status(StatusCode::BAD_REQUEST, "bad path"),
    }
}

/// The answer to anything but GET and HEAD: the site is read-only.
fn method_not_allowed() -> Response<Body> {
    Response::builder()
        .status(StatusCode::METHOD_NOT_ALLOWED)
        .header(header::ALLOW, "GET, HEAD")
        .body(Body::from("method not allowed"))
        .unwrap_or_else(|_| status(StatusCode::METHOD_NOT_ALLOWED, ""))
}

fn file_response(code: StatusCode, path: &str, file: &ServedFile, overlay: &str) -> Response<Body> {
    let Ok(bytes) = file.bytes() else {
        return status(StatusCode::NOT_FOUND, "not found");
    };
    let ctype = content_type(path);
    let bytes = if ctype.starts_with("text/html") && !overlay.is_empty() {
        overlay::inject(&String::from_utf8_lossy(&bytes), overlay).into_bytes()
    } else {
        bytes
    };
    Response::builder()
        .status(code)
        .header(header::CONTENT_TYPE, ctype)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(bytes))
        .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR, ""))
}

fn html_response(code: StatusCode, html: String) -> Response<Body> {
    Response::builder()
        .status(code)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(html))
        .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR, ""))
}

fn status(code: StatusCode, text: &'static str) -> Response<Body> {
    let mut r = Response::new(Body::from(text));
    *r.status_mut() = code;
    r
}

/// The folders and files `serve` watches, relative to the root.
pub(crate) const WATCHED: &[&str] = &["content", "templates", "themes", "static", "data", "site.yaml"];

/// Whether a changed path is one `serve` reacts to.
pub(crate) fn is_watched(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string());
    first.is_some_and(|f| WATCHED.contains(&f.as_str()))
        && !rel
            .file_name()
            .map(|n| n.to_string_lossy())
            .is_some_and(|n| n.starts_with('.') || n.ends_with('~') || n.ends_with(".swp"))
}
