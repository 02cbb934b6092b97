//! The `zhiyin` command: parse arguments, call the library, print diagnostics.
//! Exit status: 0 ok, 1 content errors, 2 usage errors.

use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use zhiyin::diagnostics::render_all;
use zhiyin::{BuildOptions, BuildSummary, Diagnostic};

#[derive(Parser)]
#[command(
    name = "zhiyin",
    version,
    about = "指引 — build an offline Chinese study site from Markdown",
    propagate_version = true
)]
struct Cli {
    /// The site folder (holds site.toml and content/)
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Output folder (relative to the current folder)
    #[arg(long, global = true, default_value = "public")]
    out: PathBuf,
    /// Print only errors
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (the old output stays if the build fails)
    Build,
    /// Check everything a build checks, writing nothing
    Check,
    /// Create a starter site in DIR: one guide, one case, one course with two lessons
    New {
        /// Folder to create
        dir: PathBuf,
    },
}

static PROGRESS: OnceLock<indicatif::ProgressBar> = OnceLock::new();

fn tick() {
    if let Some(bar) = PROGRESS.get() {
        bar.inc(1);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Build => run_build(&cli, false),
        Command::Check => run_build(&cli, true),
        Command::New { dir } => match zhiyin::scaffold::create(dir) {
            Ok(n) => {
                if !cli.quiet {
                    println!("created {} files in {}", n, dir.display());
                    println!("next: zhiyin build --root {} --out {}/public, then open {}/public/index.html", dir.display(), dir.display(), dir.display());
                }
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
    }
}

fn run_build(cli: &Cli, check_only: bool) -> ExitCode {
    let show_progress = !cli.quiet && std::io::stderr().is_terminal();
    if show_progress {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} pages {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message("rendering");
        let _ = PROGRESS.set(bar);
    } else if !cli.quiet {
        eprintln!(
            "{} {}",
            if check_only { "checking" } else { "building" },
            cli.root.display()
        );
    }
    let opts = BuildOptions {
        root: cli.root.clone(),
        out: cli.out.clone(),
        on_page: show_progress.then_some(tick as fn()),
    };
    let result = if check_only {
        zhiyin::check(&opts)
    } else {
        zhiyin::build(&opts)
    };
    if let Some(bar) = PROGRESS.get() {
        bar.finish_and_clear();
    }
    match result {
        Ok(summary) => {
            print_warnings(&summary);
            if !cli.quiet {
                let what = if check_only {
                    "checked".to_string()
                } else {
                    format!("built → {}", cli.out.display())
                };
                println!(
                    "{} pages, {} files {} in {} ms",
                    summary.pages,
                    summary.files,
                    what,
                    summary.elapsed.as_millis()
                );
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            if !check_only {
                eprintln!(
                    "build failed; the previous output in {} was left as it was",
                    cli.out.display()
                );
            }
            ExitCode::from(1)
        }
    }
}

fn print_warnings(summary: &BuildSummary) {
    if !summary.warnings.is_empty() {
        eprint!("{}", render_all(&summary.warnings));
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    eprint!("{}", render_all(diagnostics));
}
