//! `tutor dev new NAME --phase ID`: scaffolds an exercise (the learner's file,
//! its solution, its hint, a `[[bin]]` in the package and its `info.toml`
//! entry) that `dev check` accepts once the instructor has filled it in.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::DevNewArgs;
use crate::info::{Course, Exercise, Format, INFO_FILE};
use crate::{progress, style};

pub fn run(course: &Course, args: &DevNewArgs) -> Result<ExitCode> {
    if course.format != Format::Tutor {
        bail!("dev new writes the tutor's own info.toml format; this course is a rustlings pack");
    }
    let name = &args.name;
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        bail!(
            "`{name}` is not a valid exercise name: use lowercase letters, digits and _, starting with a letter"
        );
    }
    if course.find(name).is_some() {
        bail!("an exercise named `{name}` exists already");
    }
    let Some(phase) = course.phases.iter().position(|p| p.id == args.phase) else {
        let ids: Vec<&str> = course.phases.iter().map(|p| p.id.as_str()).collect();
        bail!(
            "there is no phase `{}`; the phases are: {}",
            args.phase,
            ids.join(", ")
        );
    };
    let last_in_phase = course
        .phase_exercises(phase)
        .last()
        .map(|i| &course.exercises[i]);
    let pkg_dir: PathBuf = match (&args.package, last_in_phase) {
        (Some(p), _) => {
            let p = PathBuf::from(p);
            if p.starts_with("exercises") {
                p
            } else {
                Path::new("exercises").join(p)
            }
        }
        (None, Some(ex)) => ex.package.dir.clone(),
        (None, None) => bail!(
            "phase `{}` has no exercise yet: pass --package <dir under exercises/>",
            args.phase
        ),
    };
    let manifest = course.root.join(&pkg_dir).join("Cargo.toml");
    if !manifest.is_file() {
        bail!(
            "{} does not exist: create the package first (see README.md, \"For instructors\")",
            manifest.display()
        );
    }
    let rel = pkg_dir.join(format!("{name}.rs"));
    let sol = Exercise::solution_of(&rel);
    let hint = PathBuf::from(format!("hints/{name}.md"));
    for p in [&rel, &sol, &hint] {
        if course.root.join(p).exists() {
            bail!("{} exists already", p.display());
        }
    }

    write_new(&course.root.join(&rel), &exercise_template(name, false))?;
    write_new(&course.root.join(&sol), &exercise_template(name, true))?;
    write_new(
        &course.root.join(&hint),
        "A nudge: what should the learner look at first?\n\n---\n\nThe concept, with a link to the documentation.\n\n---\n\nThe shape of the answer, without the answer.\n",
    )?;
    let mut cargo_toml = std::fs::read_to_string(&manifest)?;
    if !cargo_toml.ends_with('\n') {
        cargo_toml.push('\n');
    }
    cargo_toml.push_str(&format!(
        "\n[[bin]]\nname = \"{name}\"\npath = \"{name}.rs\"\n"
    ));
    replace_file(&manifest, &cargo_toml)?;

    let info_path = course.root.join(INFO_FILE);
    let info = std::fs::read_to_string(&info_path)?;
    let entry = format!(
        "[[exercises]]\nname = \"{name}\"\nphase = \"{}\"\npath = \"{}\"\nkind = \"test\"\nfails_with = \"tests-failed\"\n\n",
        args.phase,
        rel.display()
    );
    let at = insertion_point(&info, last_in_phase.map(|e| e.line), &args.phase);
    let mut updated = info.clone();
    updated.insert_str(at, &entry);
    replace_file(&info_path, &updated)?;

    println!("{} created {name}:", style::green("✓"));
    for p in [&rel, &sol, &hint] {
        println!("    {}", p.display());
    }
    println!(
        "    a [[bin]] in {} and an entry in info.toml",
        pkg_dir.join("Cargo.toml").display()
    );
    println!("Write the exercise and its solution, then prove them: tutor dev check {name}");
    if course.root.join(crate::shipped_lock::LOCK_FILE).is_file() {
        println!(
            "When it is ready, record its shipped version: tutor dev lock (and commit {})",
            crate::shipped_lock::LOCK_FILE
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn exercise_template(name: &str, solved: bool) -> String {
    let body = if solved {
        "a + b"
    } else {
        "todo!(\"add the two numbers\")"
    };
    format!(
        "//! {name}: say in two or three sentences what the learner builds and\n\
         //! what the tests check.\n\
         \n\
         pub fn add(a: u32, b: u32) -> u32 {{\n    {body}\n}}\n\
         \n\
         fn main() {{\n    println!(\"{{}}\", add(1, 2));\n}}\n\
         \n\
         #[cfg(test)]\nmod tests {{\n    use super::*;\n\n    #[test]\n    fn adds() {{\n        assert_eq!(add(2, 3), 5);\n    }}\n}}\n"
    )
}

/// Where a new entry goes: after the phase's last exercise, else after the
/// phase's own table, else at the end.
fn insertion_point(info: &str, last_exercise_line: Option<usize>, phase: &str) -> usize {
    let line_start = |n: usize| {
        info.lines()
            .take(n.saturating_sub(1))
            .map(|l| l.len() + 1)
            .sum::<usize>()
    };
    let from_line = match last_exercise_line {
        Some(l) => Some(l),
        None => info
            .lines()
            .position(|l| l.trim() == format!("id = \"{phase}\""))
            .map(|i| i + 1),
    };
    let Some(from) = from_line else {
        return info.len();
    };
    // The next table header after `from` (or a marker comment) ends the block.
    let mut offset = line_start(from + 1);
    for l in info[offset.min(info.len())..].lines() {
        let t = l.trim_start();
        if t.starts_with('[') || t.starts_with("# ---") || t.starts_with("# ===") {
            return offset;
        }
        offset += l.len() + 1;
    }
    info.len()
}

fn write_new(path: &Path, content: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    replace_file(path, content)
}

fn replace_file(path: &Path, content: &str) -> Result<()> {
    let dir = path.parent().context("a file has a parent")?;
    let name = path
        .file_name()
        .context("a file name")?
        .to_string_lossy()
        .into_owned();
    progress::write_atomic(dir, &name, content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::insertion_point;

    #[test]
    fn entries_go_after_the_phase_block() {
        let info = "[[phases]]\nid = \"a\"\ntitle = \"A\"\n\n[[exercises]]\nname = \"x\"\nphase = \"a\"\n\n# --- end a\n[[phases]]\nid = \"b\"\n";
        let at = insertion_point(info, Some(5), "a");
        assert!(info[at..].starts_with("# --- end a"), "{}", &info[at..]);
        let at = insertion_point(info, None, "b");
        assert_eq!(at, info.len());
    }
}
