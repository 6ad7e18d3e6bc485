//! Where content comes from: the copy embedded in the binary at build time, or a folder an
//! author points at with `--content DIR`. This is an edge crate: it reads the file system; the
//! `content` crate parses what it returns.

use std::io;
use std::path::{Path, PathBuf};

use content::{Loaded, SourceFile};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The content compiled into this binary.
pub fn embedded() -> Vec<SourceFile> {
    embedded::FILES.iter().map(|(path, text)| SourceFile::new(*path, *text)).collect()
}

/// Every `.md`, `.toml` and `.sd` (design) file under `root`, with paths relative to it.
pub fn from_dir(root: &Path) -> Result<Vec<SourceFile>, ReadError> {
    if !root.is_dir() {
        return Err(ReadError {
            path: root.to_owned(),
            source: io::Error::new(io::ErrorKind::NotFound, "not a directory"),
        });
    }
    let mut files = Vec::new();
    collect(root, root, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Loads the embedded content, or the folder when one is given.
pub fn load(dir: Option<&Path>) -> Result<Loaded, ReadError> {
    let files = match dir {
        Some(dir) => from_dir(dir)?,
        None => embedded(),
    };
    Ok(content::load(&files))
}

/// A content folder that could not be read.
#[derive(Debug)]
pub struct ReadError {
    pub path: PathBuf,
    pub source: io::Error,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read content at {}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<SourceFile>) -> Result<(), ReadError> {
    for entry in std::fs::read_dir(dir).map_err(|e| fail(dir, e))? {
        let path = entry.map_err(|e| fail(dir, e))?.path();
        if path.is_dir() {
            collect(root, &path, files)?;
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "toml" | "sd")) {
            let text = std::fs::read_to_string(&path).map_err(|e| fail(&path, e))?;
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            files.push(SourceFile::new(rel, text));
        }
    }
    Ok(())
}

fn fail(path: &Path, source: io::Error) -> ReadError {
    ReadError { path: path.to_owned(), source }
}
