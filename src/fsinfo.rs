//! Facts about the file system under the course that decide how files can be
//! watched: network and virtual file systems deliver no change events.

use std::path::Path;

/// Why file-system events will not arrive for `dir`, if they will not.
pub fn events_unreliable(dir: &Path) -> Option<String> {
    if std::env::var_os("WSL_DISTRO_NAME").is_some() && dir.starts_with("/mnt") {
        return Some(
            "the course is on a Windows drive under WSL (/mnt), which sends no change events"
                .into(),
        );
    }
    let fstype = mount_type(dir)?;
    let remote = [
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "drvfs",
        "fuse.sshfs",
        "virtiofs",
        "vboxsf",
    ];
    remote.contains(&fstype.as_str()).then(|| {
        format!("the course is on a {fstype} file system, which sends no reliable change events")
    })
}

/// The type of the file system `dir` is on, from /proc/mounts (Linux).
pub fn mount_type(dir: &Path) -> Option<String> {
    let dir = dir.canonicalize().ok()?;
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    mounts
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (_, point, fstype) = (f.next()?, f.next()?, f.next()?);
            let point = point.replace("\\040", " ");
            dir.starts_with(&point)
                .then(|| (point.len(), fstype.to_string()))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, t)| t)
}

/// inotify limits (Linux): (max_user_watches, max_user_instances).
pub fn inotify_limits() -> Option<(u64, u64)> {
    let read = |f: &str| {
        std::fs::read_to_string(format!("/proc/sys/fs/inotify/{f}"))
            .ok()?
            .trim()
            .parse()
            .ok()
    };
    Some((read("max_user_watches")?, read("max_user_instances")?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn root_has_a_type() {
        if std::path::Path::new("/proc/mounts").exists() {
            assert!(super::mount_type(std::path::Path::new("/")).is_some());
        }
    }
}
