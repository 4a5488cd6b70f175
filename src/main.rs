//! The `shudu` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use shudu::diagnostic::Diagnostic;
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
        /// Replace site.yaml's base_url.
        #[arg(long)]
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
    },
    /// Validate content and templates; write nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
    /// Scaffold a story, command or page.
    New {
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Create a new site in DIR.
    Init { dir: PathBuf },
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Build {
            root,
            output,
            base_url,
            drafts,
            future,
            timings,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                drafts,
                future,
                base_url,
                ..BuildOptions::default()
            };
            match shudu::build(&root, &output, &options) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    eprintln!(
                        "built {} files into {} ({} written, {} unchanged)",
                        report.files,
                        output.display(),
                        report.stats.written,
                        report.stats.unchanged
                    );
                    if timings {
                        let t = &report.timings;
                        eprintln!(
                            "timings: load {:?}, model {:?}, templates {:?}, markdown {:?}, render+write {:?}, swap {:?}",
                            t.load, t.model, t.templates_compile, t.markdown, t.render_and_write, t.swap
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => report_failure(e),
            }
        }
        Cmd::Check { root } => match shudu::build::prepare(&root, &BuildOptions::default()) {
            Ok(p) => {
                print_diagnostics(&p.warnings);
                for path in &p.left_out.drafts {
                    eprintln!("{path}: note: draft, left out of the build");
                }
                for (path, date) in &p.left_out.scheduled {
                    eprintln!("{path}: note: scheduled for {date}, left out of the build");
                }
                eprintln!("no errors");
                ExitCode::SUCCESS
            }
            Err(e) => report_failure(e),
        },
        Cmd::Serve {
            root,
            port,
            interface,
            drafts,
            future,
        } => {
            let opts = shudu::serve::ServeOptions {
                root,
                interface,
                port,
                drafts,
                future,
            };
            match shudu::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Cmd::New { .. } | Cmd::Init { .. } => {
            eprintln!("error: this command is not available yet in this version of shudu");
            ExitCode::from(2)
        }
    }
}

fn report_failure(e: BuildError) -> ExitCode {
    match e {
        BuildError::Site(diags) => {
            print_diagnostics(&diags);
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("error: build failed with {n} error(s); nothing was written");
        }
        BuildError::Write(e) => eprintln!("error: {e}; the previous output is left as it was"),
    }
    ExitCode::from(1)
}
