//! The `shudu` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Builds allocate many small strings on every thread; mimalloc serves them
/// faster than glibc's allocator (measured in docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use shudu::diagnostic::Diagnostic;
use shudu::write::lock::WhenBusy;
use shudu::write::WriteError;
use shudu::{BuildError, BuildOptions};

#[derive(Parser)]
#[command(
    name = "shudu",
    version,
    about = "数读 — a bilingual static site generator for paired-aid publications"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build the site into the output folder (replaced whole, or left as it was on error).
    Build {
        /// Site root (holds site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Replace site.yaml's base_url (an absolute http(s) URL).
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Include stories dated in the future.
        #[arg(long)]
        future: bool,
        /// Print the time spent in each phase.
        #[arg(long)]
        timings: bool,
        /// Render every page but write nothing (measures a build without the disk).
        #[arg(long)]
        render_to_memory: bool,
        /// Replace an output folder that holds files shudu did not write
        /// (paths under `keep:` in site.yaml are still carried over).
        #[arg(long)]
        force: bool,
        /// Fail at once when another build is writing the same output, instead of waiting for it.
        #[arg(long)]
        no_wait: bool,
    },
    /// Validate content, templates and links, with editorial warnings; write nothing.
    Check {
        /// Site root (holds site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `text` (for people, on stderr) or `json` (for tools, on stdout).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Include stories dated in the future.
        #[arg(long)]
        future: bool,
    },
    /// Preview the site with live reload.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = shudu::serve::DEFAULT_PORT)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Include stories dated in the future.
        #[arg(long)]
        future: bool,
    },
    /// Scaffold a story, command or page (never overwrites a file).
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Create a new site in DIR, with sample content that builds at once.
    Init { dir: PathBuf },
    /// Draw a story's figures (数读) as a PNG for a WeChat article (1080×1440), or 1200×630 with --og.
    Card {
        /// The story's Markdown file (inside a site: the nearest folder above with site.yaml is its root).
        story: PathBuf,
        /// Language of the picture (default: the file's own).
        #[arg(long)]
        lang: Option<String>,
        /// Where to write the PNG (default: <slug>.<lang>.png in the current folder).
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// The 1200×630 link-preview picture instead of the tall one.
        #[arg(long)]
        og: bool,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// content/stories/<year>/<slug>.md
    Story {
        slug: String,
        /// The command's slug (several: a,b).
        #[arg(long, default_value = "")]
        command: String,
        #[arg(long)]
        title: Option<String>,
        /// YYYY-MM-DD (default: today in the site's timezone).
        #[arg(long)]
        date: Option<String>,
        /// Language of the file (default: the site's default language).
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// content/commands/<slug>.md
    Command {
        slug: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// content/pages/<slug>.md
    Page {
        slug: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// How `check` prints what it found.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

/// `--base-url`: checked as site.yaml's `base_url` is (a bad one is wrong usage, exit 2).
fn parse_base_url(s: &str) -> Result<String, String> {
    let url = s.trim().trim_end_matches('/');
    if shudu::config::is_absolute_http_url(url) {
        Ok(url.to_string())
    } else {
        Err("must be an absolute http(s) URL, such as https://aid.example.org or https://user.github.io/aid".into())
    }
}

/// Whether stderr gets ANSI colours: a terminal, and `NO_COLOR` unset or empty.
fn stderr_color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints diagnostics compiler-style on stderr, with source lines read from `root`.
fn print_diagnostics(diags: &[Diagnostic], root: &Path) {
    eprint!("{}", shudu::report::render_diagnostics(diags, root, stderr_color()));
}

/// `--root` must name a folder: anything else is wrong usage (exit 2), not
/// a problem of the site's content.
fn missing_root(cmd: &Cmd) -> Option<ExitCode> {
    let root = match cmd {
        Cmd::Build { root, .. } | Cmd::Check { root, .. } | Cmd::Serve { root, .. } => root,
        _ => return None,
    };
    (!root.is_dir()).then(|| {
        eprintln!(
            "error: --root {} is not a folder (the site's root holds site.yaml; `shudu init DIR` makes one)",
            root.display()
        );
        ExitCode::from(2)
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(code) = missing_root(&cli.command) {
        return code;
    }
    match cli.command {
        Cmd::Build {
            root,
            output,
            base_url,
            drafts,
            future,
            timings,
            render_to_memory,
            force,
            no_wait,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                drafts,
                future,
                base_url,
                ..BuildOptions::default()
            };
            let started = std::time::Instant::now();
            let result = if render_to_memory {
                shudu::build_in_memory(&root, &options)
            } else {
                build_to_disk(&root, &output, &options, force, no_wait)
            };
            match result {
                Ok(report) => {
                    print_build_report(&report, &root);
                    if timings {
                        print_timings(&report.timings);
                    }
                    let secs = started.elapsed().as_secs_f64();
                    if render_to_memory {
                        eprintln!(
                            "rendered {} files in memory (nothing written) in {secs:.2} s",
                            report.files
                        );
                    } else {
                        eprintln!("{}", summary_line(&report, &output, secs));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => report_failure(e, &root),
            }
        }
        Cmd::Check {
            root,
            format,
            deny_warnings,
            drafts,
            future,
        } => run_check(&root, format, deny_warnings, drafts, future),
        Cmd::Serve {
            root,
            port,
            interface,
            drafts,
            future,
        } => run_serve(shudu::serve::ServeOptions {
            root,
            interface,
            port,
            drafts,
            future,
        }),
        Cmd::New { what } => run_new(what),
        Cmd::Init { dir } => run_init(&dir),
        Cmd::Card {
            story,
            lang,
            output,
            og,
        } => run_card(story, lang, output, og),
    }
}

/// `shudu build` into a folder: waits for another build writing it, unless
/// `--no-wait`.
fn build_to_disk(
    root: &Path,
    output: &Path,
    options: &BuildOptions,
    force: bool,
    no_wait: bool,
) -> Result<shudu::build::BuildReport, BuildError> {
    let out = shudu::build::OutputOptions {
        force,
        when_busy: if no_wait { WhenBusy::Fail } else { WhenBusy::Wait },
        on_wait: |output, pid| {
            let who = pid.map(|p| format!(" (process {p})")).unwrap_or_default();
            eprintln!(
                "waiting for another shudu build{who} writing {} to finish (--no-wait fails at once instead)",
                output.display()
            );
        },
    };
    shudu::build::build_into(root, output, options, &out)
}

/// What a successful build says on stderr, before its summary line: the
/// first warnings, notes, and what the caches saved.
fn print_build_report(report: &shudu::build::BuildReport, root: &Path) {
    // A build shows the first warnings; `check` lists them all.
    const SHOWN: usize = 20;
    if !report.warnings.is_empty() {
        print_diagnostics(&report.warnings[..report.warnings.len().min(SHOWN)], root);
        if report.warnings.len() > SHOWN {
            eprintln!(
                "… and {} more warning(s): `shudu check` lists them all",
                report.warnings.len() - SHOWN
            );
        }
    }
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    if report.photos_encoded > 0 {
        eprintln!(
            "encoded {} photo(s); the others came from {}/",
            report.photos_encoded,
            shudu::load::images::CACHE_DIR
        );
    }
    if report.share_images.rendered > 0 {
        eprintln!(
            "drew {} share image(s); the others came from {}/",
            report.share_images.rendered,
            shudu::load::share_cache::SHARE_CACHE_DIR
        );
    }
    if let Some(s) = &report.search {
        eprintln!(
            "search: indexed {} page(s) in {} file(s), {} segmented anew (the others from {})",
            s.docs,
            s.files,
            s.segmented,
            shudu::load::SEARCH_CACHE_FILE
        );
    }
}

/// `shudu check`: every diagnostic, as text on stderr or JSON on stdout;
/// exit 1 on errors (and on warnings with `--deny-warnings`).
fn run_check(root: &Path, format: CheckFormat, deny_warnings: bool, drafts: bool, future: bool) -> ExitCode {
    let options = BuildOptions {
        drafts,
        future,
        ..BuildOptions::default()
    };
    let report = shudu::check::check(root, &options);
    match format {
        CheckFormat::Json => println!("{}", shudu::report::diagnostics_json(&report.diagnostics)),
        CheckFormat::Text => {
            for path in &report.drafts {
                eprintln!("note: {path}: draft, left out of the build (use --drafts to check it too)");
            }
            print_diagnostics(&report.diagnostics, root);
        }
    }
    if report.has_errors() || (deny_warnings && report.has_warnings()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `shudu serve`, until it is stopped.
fn run_serve(opts: shudu::serve::ServeOptions) -> ExitCode {
    match shudu::serve::run(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// `shudu new story|command|page`: prints the path of the new file.
fn run_new(what: NewWhat) -> ExitCode {
    use shudu::scaffold::{new_command, new_page, new_story, NewCommand, NewPage, NewStory};
    let result = match what {
        NewWhat::Story {
            slug,
            command,
            title,
            date,
            lang,
            root,
        } => new_story(
            &root,
            &NewStory {
                slug,
                command,
                title,
                date,
                lang,
            },
        ),
        NewWhat::Command { slug, name, lang, root } => new_command(&root, &NewCommand { slug, name, lang }),
        NewWhat::Page {
            slug,
            title,
            lang,
            root,
        } => new_page(&root, &NewPage { slug, title, lang }),
    };
    match result {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => scaffold_failure(&e),
    }
}

/// `shudu card`: draws a story's share image; prints the path written.
fn run_card(story: PathBuf, lang: Option<String>, output: Option<PathBuf>, og: bool) -> ExitCode {
    let req = shudu::card::CardRequest {
        story,
        lang,
        layout: if og {
            shudu::share::Layout::Og
        } else {
            shudu::share::Layout::Tall
        },
    };
    match shudu::card::story_card(&req) {
        Ok(card) => {
            let path = output.unwrap_or_else(|| PathBuf::from(format!("{}.{}.png", card.slug, card.lang)));
            match shudu::write::share_cache::write_card(&path, &card.png) {
                Ok(()) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    ExitCode::from(1)
                }
            }
        }
        Err(diags) => {
            let root = shudu::card::site_root_of(&req.story).unwrap_or_else(|| PathBuf::from("."));
            print_diagnostics(&diags, &root);
            ExitCode::from(1)
        }
    }
}

/// `shudu init DIR`: prints the files of the new site.
fn run_init(dir: &Path) -> ExitCode {
    match shudu::scaffold::init_site(dir) {
        Ok(paths) => {
            for p in &paths {
                println!("{}", p.display());
            }
            eprintln!(
                "created a site in {}: `cd {} && shudu serve` to preview it",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => scaffold_failure(&e),
    }
}

/// The last line of `shudu build`: what the output holds, and how long it took.
fn summary_line(report: &shudu::build::BuildReport, output: &Path, secs: f64) -> String {
    let changes = format!(
        "({} written, {} unchanged)",
        report.stats.written, report.stats.unchanged
    );
    match &report.summary {
        Some(s) => format!(
            "built {} files into {}: {} pages, {} files, {} folders, {} in {secs:.2} s {changes}",
            report.files,
            output.display(),
            s.pages,
            s.files,
            s.folders,
            human_bytes(s.bytes)
        ),
        None => format!(
            "built {} files into {}: up to date in {secs:.2} s {changes}",
            report.files,
            output.display()
        ),
    }
}

/// `812 bytes`, `40.3 KB`, `52.1 MB`, `1.20 GB` (powers of 1000).
fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} bytes"),
        1_000..1_000_000 => format!("{:.1} KB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}

fn print_timings(t: &shudu::build::Timings) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    eprintln!("phase                 ms");
    for (name, d) in [
        ("load", t.load),
        ("model", t.model),
        ("photos", t.photos),
        ("templates (compile)", t.templates_compile),
        ("markdown", t.markdown),
        ("render + write", t.render_and_write),
        ("swap", t.swap),
    ] {
        eprintln!("{name:<20} {:>8.1}", ms(d));
    }
    eprintln!("\nper kind (CPU time over all threads)   jobs   render ms    write ms");
    let mut kinds: Vec<_> = t.by_kind.iter().collect();
    kinds.sort_by_key(|(_, k)| std::cmp::Reverse(k.render + k.write));
    for (kind, k) in kinds {
        eprintln!("{kind:<38} {:>6} {:>11.1} {:>11.1}", k.jobs, ms(k.render), ms(k.write));
    }
}

fn scaffold_failure(e: &shudu::scaffold::ScaffoldError) -> ExitCode {
    use shudu::scaffold::ScaffoldError as E;
    eprintln!("error: {e}");
    match e {
        E::InvalidSlug { .. }
        | E::InvalidDate { .. }
        | E::UnknownLanguage { .. }
        | E::UnknownCommand { .. }
        | E::MissingCommand { .. } => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}

fn report_failure(e: BuildError, root: &Path) -> ExitCode {
    match e {
        BuildError::Site(diags) => {
            print_diagnostics(&diags, root);
            eprintln!("error: the build failed; nothing was written");
        }
        BuildError::Write(e @ WriteError::Busy { .. }) => {
            eprintln!(
                "error: {e}; its output is left to it (run again when it is done, or without --no-wait to wait for it)"
            )
        }
        BuildError::Write(e @ WriteError::NotAFolder(_)) => {
            eprintln!("error: {e}; nothing was written");
            return ExitCode::from(2);
        }
        BuildError::Write(e) if e.output_untouched() => {
            eprintln!("error: {e}; the previous output is left as it was")
        }
        BuildError::Write(e) => eprintln!("error: {e}"),
        e @ (BuildError::OutputOverlapsSite { .. } | BuildError::ForeignOutput { .. }) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::from(1)
}
