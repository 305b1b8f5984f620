//! The command line, as the user typed it (clap derive). `main` resolves it
//! into what to do.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "tutor",
    version,
    about = "An interactive tutor for the advanced track of Rust",
    propagate_version = true
)]
pub struct Cli {
    /// The course directory (the one with info.toml); default: the nearest one
    /// at or above the current directory.
    #[arg(long, global = true, env = "TUTOR_COURSE", value_name = "DIR")]
    pub course: Option<PathBuf>,

    /// When to use colours (NO_COLOR is respected).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Follow your saves: rebuild and check the current exercise on every save (the default)
    Watch(WatchArgs),
    /// List the exercises per phase, with your progress
    List(ListArgs),
    /// Show the hint of an exercise, one more part each time
    Hint(HintArgs),
    /// Check one exercise and print the verdict (exit code 0 when it passes)
    Run(RunArgs),
    /// Re-check exercises and update your progress
    Verify(VerifyArgs),
    /// Restore the shipped version of an exercise (your version is backed up)
    Reset(ResetArgs),
    /// Check the toolchain, targets and tools the course needs
    Doctor,
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Commands for instructors
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Args, Debug, Default)]
pub struct WatchArgs {
    /// Poll the files instead of waiting for file-system events (also: TUTOR_POLL=1)
    #[arg(long)]
    pub poll: bool,
    /// Do not watch files: check when you press r
    #[arg(long, conflicts_with = "poll")]
    pub manual: bool,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// JSON Lines, one object per exercise (versioned: "v": 1)
    #[arg(long)]
    pub json: bool,
    /// Only this phase
    #[arg(long, value_name = "ID")]
    pub phase: Option<String>,
    /// Only exercises not done yet
    #[arg(long, conflicts_with = "done")]
    pub pending: bool,
    /// Only exercises done
    #[arg(long)]
    pub done: bool,
}

#[derive(Args, Debug)]
pub struct HintArgs {
    /// The exercise (default: the current one)
    pub name: Option<String>,
    /// Show every part at once
    #[arg(long)]
    pub all: bool,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// The exercise (default: the current one)
    pub name: Option<String>,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// Every exercise (default: the ones you have reached)
    #[arg(long)]
    pub all: bool,
    /// Only these exercises
    #[arg(conflicts_with = "all")]
    pub names: Vec<String>,
    /// Print one JSON object per exercise instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ResetArgs {
    /// The exercise to restore
    pub name: String,
    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Subcommand, Debug)]
pub enum DevCommand {
    /// Prove the course: every exercise fails as shipped for its declared reason and passes with its solution
    Check(DevCheckArgs),
    /// Create a new exercise: the file, its solution, its hint and its info.toml entry
    New(DevNewArgs),
    /// Record the shipped version of every learner file in shipped.lock (what `reset` restores)
    Lock,
}

#[derive(Args, Debug)]
pub struct DevCheckArgs {
    /// Only the exercises of this phase (repeatable)
    #[arg(long, value_name = "ID")]
    pub phase: Vec<String>,
    /// Only these exercises
    pub names: Vec<String>,
    /// Run the built programs on this many threads (builds run one at a time)
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// Also require `cargo clippy -D warnings` to be clean on every solution
    #[arg(long)]
    pub clippy: bool,
}

#[derive(Args, Debug)]
pub struct DevNewArgs {
    /// The exercise's name (lowercase letters, digits and _)
    pub name: String,
    /// The phase it belongs to
    #[arg(long, value_name = "ID")]
    pub phase: String,
    /// The package directory under exercises/ (default: the package of the phase's last exercise)
    #[arg(long, value_name = "DIR")]
    pub package: Option<String>,
}
