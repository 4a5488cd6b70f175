//! The output folder: shudu never deletes what it did not write, swaps the
//! site in whole, and runs one build at a time per output. These tests run
//! the `shudu` binary as a user (or a CI job, or a crash) would.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Instant, SystemTime};

use common::*;
use shudu::write::owner::MARKER;

fn shudu() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shudu"))
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `shudu build --root <root> --output <out> <extra…>`, with `env` set.
fn build_cmd(root: &Path, out: &Path, extra: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = shudu();
    cmd.args(["build", "--root", s(root), "--output", s(out)]).args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

fn run(root: &Path, out: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    build_cmd(root, out, extra, env).output().expect("run shudu")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    o
}

/// Every entry under `dir` (not following links): files with their bytes and
/// modification time, folders and links by name. Two equal snapshots are the
/// same tree, byte for byte.
fn snapshot(dir: &Path) -> BTreeMap<String, (String, Vec<u8>, Option<SystemTime>)> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.expect("walk"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            let t = e.file_type();
            let entry = if t.is_file() {
                let m = e.metadata().expect("metadata");
                ("file".into(), fs::read(e.path()).expect("read"), m.modified().ok())
            } else if t.is_dir() {
                ("dir".into(), Vec::new(), None)
            } else {
                let target = fs::read_link(e.path()).expect("link");
                ("link".into(), target.to_string_lossy().as_bytes().to_vec(), None)
            };
            (rel, entry)
        })
        .collect()
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter(|(_, (kind, _, _))| kind == "file")
        .map(|(rel, (_, bytes, _))| (rel, bytes))
        .collect()
}

/// The names beside `out` that are a build's working folders.
fn staging_beside(out: &Path) -> Vec<String> {
    let parent = out.parent().expect("parent");
    fs::read_dir(parent)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".shudu-new-") || n.contains(".shudu-old-"))
        .collect()
}

/// A `.git` folder as a gh-pages checkout has one, plus GitHub Pages' files.
fn add_github_pages_files(out: &Path) {
    fs::create_dir_all(out.join(".git/objects/3f")).expect("mkdir");
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").expect("write");
    fs::write(out.join(".git/objects/3f/a1b2"), [0u8, 1, 2, 3, 255]).expect("write");
    fs::write(out.join("CNAME"), "aid.example.org\n").expect("write");
    fs::write(out.join(".nojekyll"), "").expect("write");
}

fn github_pages_files(out: &Path) -> BTreeMap<String, (String, Vec<u8>, Option<SystemTime>)> {
    snapshot(out)
        .into_iter()
        .filter(|(rel, _)| rel.starts_with(".git") || rel == "CNAME" || rel == ".nojekyll")
        .collect()
}

/// The id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

#[test]
fn a_foreign_folder_is_refused_with_exit_2_and_left_whole() {
    let f = Fixture::new();
    let tmp = tempfile::tempdir().expect("tmp");
    // A folder of someone's own files.
    let docs = tmp.path().join("w/docs");
    fs::create_dir_all(docs.join("notes")).expect("mkdir");
    fs::write(docs.join("thesis.txt"), "draft").expect("write");
    let before = snapshot(&docs);
    let o = run(f.root(), &docs, &[], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let msg = stderr(&o);
    assert!(msg.contains("notes/, thesis.txt"), "says what is there: {msg}");
    assert!(msg.contains("--force"), "says how to proceed: {msg}");
    assert_eq!(snapshot(&docs), before, "nothing touched");
    assert!(staging_beside(&docs).is_empty());
    // Another site's root.
    let other = Fixture::new();
    let sources = snapshot(other.root());
    let o = run(f.root(), other.root(), &[], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(snapshot(other.root()), sources, "the other site is untouched");
    // A file where the output folder should be.
    let file = tmp.path().join("file");
    fs::write(&file, "x").expect("write");
    assert_eq!(run(f.root(), &file, &[], &[]).status.code(), Some(2));
    assert_eq!(fs::read_to_string(&file).expect("read"), "x");
    // --force replaces the folder; the paths kept still survive.
    add_github_pages_files(&docs);
    let pages = github_pages_files(&docs);
    ok(run(f.root(), &docs, &["--force"], &[]));
    assert!(docs.join("stories/alar-talent/index.html").is_file());
    assert!(!docs.join("thesis.txt").exists() && !docs.join("notes").exists());
    assert_eq!(github_pages_files(&docs), pages);
    // From then on it is shudu's: no --force needed.
    ok(run(f.root(), &docs, &["--base-url", "https://b.example"], &[]));
}

#[test]
fn missing_empty_and_gh_pages_checkout_folders_are_built_into() {
    let f = Fixture::new();
    let tmp = tempfile::tempdir().expect("tmp");
    ok(run(f.root(), &tmp.path().join("missing/public"), &[], &[]));
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    ok(run(f.root(), &empty, &[], &[]));
    let checkout = tmp.path().join("gh-pages");
    add_github_pages_files(&checkout);
    ok(run(f.root(), &checkout, &[], &[]));
    assert!(checkout.join("index.html").is_file() && checkout.join(".git/HEAD").is_file());
}

#[test]
fn deleting_the_state_costs_a_full_build_and_deleting_the_mark_too_makes_the_folder_foreign() {
    let f = Fixture::new();
    let out = f.out();
    ok(run(f.root(), &out, &[], &[]));
    let state = f.root().join(".public.shudu-state");
    assert!(state.is_file() && out.join(MARKER).is_file());
    fs::remove_file(&state).expect("rm");
    let o = ok(run(f.root(), &out, &[], &[]));
    assert!(
        stderr(&o).contains("0 written"),
        "a full build, nothing changed: {}",
        stderr(&o)
    );
    fs::remove_file(&state).expect("rm");
    fs::remove_file(out.join(MARKER)).expect("rm");
    let o = run(f.root(), &out, &[], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(out.join("index.html").is_file());
}

#[test]
fn the_keep_list_survives_every_build() {
    let f = Fixture::new();
    let out = f.out();
    add_github_pages_files(&out);
    let pages = github_pages_files(&out);
    ok(run(f.root(), &out, &[], &[]));
    assert_eq!(github_pages_files(&out), pages, "first build");
    f.write("content/stories/2023/new.md", &story("新", "2023-02-01", "", "新的。"));
    ok(run(f.root(), &out, &[], &[]));
    assert!(out.join("stories/new/index.html").is_file());
    assert_eq!(github_pages_files(&out), pages, "a rebuild");
    // A failed build too.
    f.write("content/stories/bad.md", "---\ntitle: [\n---\n");
    assert_eq!(run(f.root(), &out, &[], &[]).status.code(), Some(1));
    f.remove("content/stories/bad.md");
    assert_eq!(github_pages_files(&out), pages, "a failed build");
    // A list of one's own: what it names survives, the rest goes.
    f.write(
        "site.yaml",
        &format!("{SITE_YAML}keep:\n  - .well-known/security.txt\n  - .git\n"),
    );
    fs::create_dir_all(out.join(".well-known")).expect("mkdir");
    fs::write(out.join(".well-known/security.txt"), "Contact: x").expect("write");
    ok(run(f.root(), &out, &[], &[]));
    assert_eq!(
        fs::read_to_string(out.join(".well-known/security.txt")).expect("read"),
        "Contact: x"
    );
    assert!(out.join(".git/objects/3f/a1b2").is_file());
    assert!(!out.join("CNAME").exists(), "no longer kept: removed as any stray file");
    // A bad entry is an error at its position.
    f.write("site.yaml", &format!("{SITE_YAML}keep: [../secrets]\n"));
    let o = run(f.root(), &out, &[], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("site.yaml:11:8"), "{}", stderr(&o));
}

/// Builds `f` into its output with `.git` and friends in it, twice (so that
/// the spare tree shares most files with the output), then fails a rebuild
/// that changes every page (a new base URL) in the way `env` says; asserts
/// that the output is byte for byte what it was and that the message says so.
fn assert_failure_leaves_output_whole(env: &[(&str, &str)], why: &str) {
    let f = Fixture::new();
    let out = f.out();
    add_github_pages_files(&out);
    ok(run(f.root(), &out, &[], &[]));
    f.write("content/stories/2023/new.md", &story("新", "2023-02-01", "", "新的。"));
    ok(run(f.root(), &out, &[], &[]));
    assert!(f.root().join(".public.shudu-spare").is_dir());
    let before = snapshot(&out);
    let o = run(f.root(), &out, &["--base-url", "https://new.example"], env);
    assert_eq!(o.status.code(), Some(1), "{why}: {}", stderr(&o));
    assert!(
        stderr(&o).contains("the previous output is left as it was"),
        "{why}: {}",
        stderr(&o)
    );
    assert!(snapshot(&out) == before, "{why}: the output changed");
    assert!(staging_beside(&out).is_empty(), "{why}: {:?}", staging_beside(&out));
}

#[test]
fn a_failure_at_any_step_leaves_the_old_output_byte_identical() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: SHUDU_FAILPOINT is honoured by debug builds only");
        return;
    }
    // The failure of one file's write, in the middle of the write step.
    assert_failure_leaves_output_whole(
        &[("SHUDU_FAILPOINT", "write:stories/alar-talent/index.html")],
        "a write",
    );
    // The swap itself.
    assert_failure_leaves_output_whole(&[("SHUDU_FAILPOINT", "swap")], "the exchange");
    // The two-rename fallback, failing after the output was moved aside: it is moved back.
    assert_failure_leaves_output_whole(
        &[("SHUDU_FAILPOINT", "no-exchange,fallback-second")],
        "the fallback's second rename",
    );
}

#[test]
fn the_two_rename_fallback_swaps_the_site_in() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: SHUDU_FAILPOINT is honoured by debug builds only");
        return;
    }
    let f = Fixture::new();
    let out = f.out();
    add_github_pages_files(&out);
    let pages = github_pages_files(&out);
    let env = [("SHUDU_FAILPOINT", "no-exchange")];
    ok(run(f.root(), &out, &[], &env));
    ok(run(f.root(), &out, &["--base-url", "https://new.example"], &env));
    assert!(f.read("index.html").contains("https://new.example"));
    assert_eq!(github_pages_files(&out), pages);
    assert!(staging_beside(&out).is_empty());
}

#[test]
fn a_read_only_subfolder_of_the_output_does_not_stop_a_whole_swap() {
    use std::os::unix::fs::PermissionsExt;
    // The old tree is never written into: the new site is built beside it
    // and swapped in, and the old tree (read-only folder included) removed.
    // (Root ignores the permission; the build must succeed either way.)
    let f = Fixture::new();
    let out = f.out();
    ok(run(f.root(), &out, &[], &[]));
    fs::set_permissions(out.join("stories"), fs::Permissions::from_mode(0o555)).expect("chmod");
    ok(run(f.root(), &out, &["--base-url", "https://new.example"], &[]));
    for (rel, bytes) in contents(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("aid.example.org"), "{rel} still has the old base URL");
    }
    assert!(f.read("stories/alar-talent/index.html").contains("https://new.example"));
    assert!(staging_beside(&out).is_empty(), "{:?}", staging_beside(&out));
}

/// A tmpfs mounted under a temp folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts one of `size` (such as `4m`), or says why it cannot.
    fn mount(size: &str) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs", s(dir.path())])
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if o.status.success() {
            Ok(Tmpfs { dir })
        } else {
            Err(format!(
                "cannot mount a tmpfs: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            ))
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_during_the_write_leaves_the_old_output_byte_identical() {
    let disk = match Tmpfs::mount("2m") {
        Ok(d) => d,
        Err(why) => {
            eprintln!("skipped: {why} (needs root)");
            return;
        }
    };
    let f = Fixture::new();
    let out = disk.path().join("public");
    ok(run(f.root(), &out, &[], &[]));
    let before = snapshot(&out);
    // A file larger than the space left, of bytes no other file has.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..3 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    fs::create_dir_all(f.root().join("static")).expect("mkdir");
    fs::write(f.root().join("static/big.bin"), noise).expect("write");
    let o = run(f.root(), &out, &["--base-url", "https://new.example"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the previous output is left as it was"),
        "{}",
        stderr(&o)
    );
    assert!(snapshot(&out) == before, "the output changed");
    assert!(staging_beside(&out).is_empty(), "{:?}", staging_beside(&out));
}

/// The site of `f` built with two base URLs, each into a folder of its own.
fn two_references(f: &Fixture, tmp: &Path) -> [BTreeMap<String, Vec<u8>>; 2] {
    ["a", "b"].map(|v| {
        let out = tmp.join(format!("ref-{v}"));
        ok(run(
            f.root(),
            &out,
            &["--base-url", &format!("https://{v}.example")],
            &[],
        ));
        contents(&out)
    })
}

/// Which reference the output is, whole (the GitHub Pages files aside);
/// panics on a mix.
fn which(out: &Path, refs: &[BTreeMap<String, Vec<u8>>; 2]) -> usize {
    let pages = github_pages_files(out);
    let now: BTreeMap<String, Vec<u8>> = contents(out)
        .into_iter()
        .filter(|(rel, _)| !pages.contains_key(rel))
        .collect();
    if let Some(i) = refs.iter().position(|r| *r == now) {
        return i;
    }
    let differs = |r: &BTreeMap<String, Vec<u8>>| {
        let mut paths: Vec<&String> = now.keys().chain(r.keys()).collect();
        paths.sort();
        paths.dedup();
        paths.into_iter().filter(|p| now.get(*p) != r.get(*p)).count()
    };
    panic!(
        "the output is neither site whole: {} paths differ from a, {} from b",
        differs(&refs[0]),
        differs(&refs[1])
    );
}

/// A site with `n` more stories, so that a build takes a while.
fn bigger_site(n: usize) -> Fixture {
    let f = Fixture::new();
    for i in 0..n {
        f.write(
            &format!("content/stories/2020/s{i}.md"),
            &story(
                &format!("故事{i}"),
                &format!("2020-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
                &format!("figures:\n  - key: aid_funds\n    label: {{zh: 资金, en: Funds}}\n    value: {i}.5\n    unit: 亿元\n"),
                &"正文。".repeat(50),
            ),
        );
    }
    f
}

#[test]
fn two_builds_at_once_give_one_whole_site_or_the_other() {
    let f = bigger_site(30);
    let tmp = tempfile::tempdir().expect("tmp");
    let refs = two_references(&f, tmp.path());
    assert_ne!(refs[0], refs[1]);
    let out = tmp.path().join("public");
    for round in 0..3 {
        let children: Vec<_> = ["a", "b"]
            .map(|v| {
                build_cmd(f.root(), &out, &["--base-url", &format!("https://{v}.example")], &[])
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .into_iter()
            .collect();
        for child in children {
            ok(child.wait_with_output().expect("wait"));
        }
        which(&out, &refs);
        assert!(staging_beside(&out).is_empty(), "round {round}");
    }
}

#[test]
fn a_second_build_waits_for_the_first_or_with_no_wait_fails_at_once() {
    use shudu::write::lock::{OutputLock, WhenBusy};
    let f = Fixture::new();
    let out = f.out();
    ok(run(f.root(), &out, &[], &[]));
    let before = snapshot(&out);
    let place = shudu::write::Place::resolve(&out).expect("place");
    let held = OutputLock::acquire(&place, WhenBusy::Fail, |_| {}).expect("lock");
    let o = run(f.root(), &out, &["--no-wait", "--base-url", "https://new.example"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let me = std::process::id();
    assert!(
        stderr(&o).contains(&format!("another shudu build (process {me}) is writing this output")),
        "{}",
        stderr(&o)
    );
    assert!(snapshot(&out) == before, "untouched");
    // Without --no-wait it says it waits, then builds once the lock is free.
    let mut child = build_cmd(f.root(), &out, &["--base-url", "https://new.example"], &[])
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    std::io::BufReader::new(child.stderr.as_mut().expect("stderr"))
        .read_line(&mut first)
        .expect("read");
    assert!(
        first.contains(&format!("waiting for another shudu build (process {me})")),
        "{first}"
    );
    assert!(snapshot(&out) == before, "nothing done while waiting");
    drop(held);
    assert!(child.wait().expect("wait").success());
    assert!(f.read("index.html").contains("https://new.example"));
}

#[test]
fn a_build_killed_at_random_points_leaves_the_old_or_the_new_site_whole() {
    let f = bigger_site(60);
    let tmp = tempfile::tempdir().expect("tmp");
    let refs = two_references(&f, tmp.path());
    let out = tmp.path().join("public");
    add_github_pages_files(&out);
    let pages = github_pages_files(&out);
    let start = Instant::now();
    ok(run(f.root(), &out, &["--base-url", "https://b.example"], &[]));
    let full = start.elapsed();
    let mut seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    eprintln!("kill points: seed {seed}, a build takes {full:?}");
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..12 {
        let v = ["a", "b"][round % 2];
        let mut child = build_cmd(f.root(), &out, &["--base-url", &format!("https://{v}.example")], &[])
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Anywhere from the start to a little after the end of a build.
        let at = full.mul_f64((random() % 1300) as f64 / 1000.0);
        std::thread::sleep(at);
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let site = which(&out, &refs);
        let now = ["a", "b"][site];
        eprintln!("round {round}: building {v}, killed at {at:?} ({status}): the output is {now}, whole");
        assert_eq!(github_pages_files(&out), pages, "round {round}: kept files");
    }
    // The next build completes, and removes what the killed ones left.
    ok(run(f.root(), &out, &["--base-url", "https://b.example"], &[]));
    assert_eq!(which(&out, &refs), 1);
    assert!(staging_beside(&out).is_empty(), "{:?}", staging_beside(&out));
    assert_eq!(github_pages_files(&out), pages);
}

#[test]
fn staging_left_by_a_dead_build_is_removed_and_a_live_ones_is_not() {
    let f = Fixture::new();
    let out = f.out();
    ok(run(f.root(), &out, &[], &[]));
    let dead = f.root().join(format!(".public.shudu-new-{}", dead_pid()));
    fs::create_dir_all(dead.join("stories")).expect("mkdir");
    fs::write(dead.join("stories/index.html"), "half a site").expect("write");
    let mut live = Command::new("cat").stdin(Stdio::piped()).spawn().expect("spawn cat");
    let alive = f.root().join(format!(".public.shudu-new-{}", live.id()));
    fs::create_dir(&alive).expect("mkdir");
    let o = run(f.root(), &out, &[], &[]);
    live.kill().expect("kill");
    live.wait().expect("wait");
    let o = ok(o);
    assert!(!dead.exists(), "removed");
    assert!(stderr(&o).contains("left by a build that died"), "{}", stderr(&o));
    assert!(alive.is_dir(), "a live process's folder is never removed");
    // An output a dead build moved aside (the two-rename swap) is put back, kept files and all.
    add_github_pages_files(&out);
    let pages = github_pages_files(&out);
    let aside = f.root().join(format!(".public.shudu-old-{}", dead_pid()));
    fs::rename(&out, &aside).expect("move aside");
    let o = ok(run(f.root(), &out, &[], &[]));
    assert!(stderr(&o).contains("put back"), "{}", stderr(&o));
    assert!(!aside.exists());
    assert_eq!(github_pages_files(&out), pages);
}

/// A temp folder on another file system than the temp folder.
enum Elsewhere {
    /// Under /dev/shm, when that is a file system of its own.
    Shm(tempfile::TempDir),
    Mounted(Tmpfs),
}

impl Elsewhere {
    /// One, or why there is none.
    fn find() -> Result<Elsewhere, String> {
        use std::os::unix::fs::MetadataExt;
        let here = fs::metadata(std::env::temp_dir()).map_err(|e| e.to_string())?.dev();
        let shm = Path::new("/dev/shm");
        if fs::metadata(shm).is_ok_and(|m| m.is_dir() && m.dev() != here) {
            if let Ok(dir) = tempfile::tempdir_in(shm) {
                return Ok(Elsewhere::Shm(dir));
            }
        }
        Tmpfs::mount("64m").map(Elsewhere::Mounted)
    }

    fn path(&self) -> &Path {
        match self {
            Elsewhere::Shm(dir) => dir.path(),
            Elsewhere::Mounted(disk) => disk.path(),
        }
    }
}

#[test]
fn an_output_linked_to_another_file_system_builds() {
    let disk = match Elsewhere::find() {
        Ok(found) => found,
        Err(why) => {
            eprintln!("skipped: no other file system to link to: {why}");
            return;
        }
    };
    let target_parent = disk.path().to_path_buf();
    let f = Fixture::new();
    let target = target_parent.join("site");
    std::os::unix::fs::symlink(&target, f.out()).expect("symlink");
    ok(run(f.root(), &f.out(), &[], &[]));
    assert!(target.join("index.html").is_file());
    f.write("content/stories/2023/new.md", &story("新", "2023-02-01", "", "新的。"));
    ok(run(f.root(), &f.out(), &[], &[]));
    assert!(f.out().is_symlink(), "the link stays a link");
    assert!(target.join("stories/new/index.html").is_file());
    assert!(
        target_parent.join(".site.shudu-state").is_file(),
        "the state is beside the real folder"
    );
    assert!(staging_beside(&target).is_empty() && staging_beside(&f.out()).is_empty());
    drop(disk);
}
