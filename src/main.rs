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
    /// Build and zip the site for a USB stick (dist/<id>-<version>.zip), or with --scorm one
    /// SCORM 1.2 zip per course for an LMS (see docs/package.md)
    Package {
        /// Folder for the zips
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Write SCORM 1.2 packages, one per course, instead of the offline zip
        #[arg(long)]
        scorm: bool,
        /// Courses to package with --scorm (folder names under content/courses/); all if none
        #[arg(value_name = "COURSE", requires = "scorm")]
        courses: Vec<String>,
    },
    /// Build, serve on localhost, and rebuild and reload the open pages on every save
    Serve {
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on (0.0.0.0 lets other computers on the network connect)
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Read learners' progress exports and write a cohort report: completion.csv,
    /// attempts.csv, questions.csv and report.html (see docs/progress.md)
    Report {
        /// Export files (.json), or folders searched for them
        #[arg(value_name = "FILES_OR_FOLDERS", required = true)]
        inputs: Vec<PathBuf>,
        /// Folder for the report
        #[arg(long, default_value = "report")]
        out: PathBuf,
        /// CSV of learner code, name, centre: the report lists who has sent nothing
        #[arg(long)]
        roster: Option<PathBuf>,
        /// Site id to report on (default: the site most exports come from)
        #[arg(long)]
        site: Option<String>,
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
        Command::Serve { port, bind, open } => {
            let mut opts = zhiyin::serve::ServeOptions::new(&cli.root);
            opts.port = *port;
            opts.bind = *bind;
            opts.quiet = cli.quiet;
            match zhiyin::serve::run(&opts, *open) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(e.exit_code())
                }
            }
        }
        Command::Package {
            out,
            scorm,
            courses,
        } => {
            if !cli.quiet {
                eprintln!("packaging {}", cli.root.display());
            }
            let opts = zhiyin::package::PackageOptions {
                root: cli.root.clone(),
                out: out.clone(),
                scorm: *scorm,
                courses: courses.clone(),
            };
            match zhiyin::package::package(&opts) {
                Ok(summary) => {
                    if !summary.warnings.is_empty() {
                        eprint!("{}", render_all(&summary.warnings));
                    }
                    if !cli.quiet {
                        for zip in &summary.zips {
                            println!("{}", zip.display());
                        }
                        println!(
                            "{} pages, {} files in each zip",
                            summary.pages, summary.files
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprint!("{e}");
                    if e.exit_code() == 1 {
                        eprintln!("nothing was written to {}", out.display());
                    }
                    ExitCode::from(e.exit_code())
                }
            }
        }
        Command::Report {
            inputs,
            out,
            roster,
            site,
        } => {
            let opts = zhiyin::progress::ReportOptions {
                inputs: inputs.clone(),
                out: out.clone(),
                roster: roster.clone(),
                site: site.clone(),
            };
            ExitCode::from(zhiyin::progress::run_cli(&opts, cli.quiet))
        }
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
