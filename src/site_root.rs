//! The one rule for every file careleaf reads from a site: after symbolic links it
//! lies inside the site's folder, it is a regular file (never a pipe or a device),
//! and it is not larger than a limit. It depends on nothing else of careleaf, so
//! every layer can use it.

use std::io;
use std::path::{Path, PathBuf};

/// The most bytes careleaf reads from any one file of a site (a page has its own,
/// smaller limit, `max_page_kb`).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a file of the site was not read.
#[derive(Debug)]
pub enum Refused {
    /// There is no such file.
    Missing,
    /// After symbolic links, it lies outside the site's folder.
    Outside,
    /// It is a folder, a pipe, a device or a socket.
    NotAFile,
    /// It holds more than the limit, in bytes.
    TooLarge(u64),
    /// Reading it failed.
    Unreadable(io::Error),
}

impl Refused {
    /// What is wrong with the file, to follow its name in a message.
    pub fn reason(&self) -> String {
        match self {
            Refused::Missing => "does not exist".to_owned(),
            Refused::Outside => {
                "points outside the site's folder (a symbolic link or `..`)".to_owned()
            }
            Refused::NotAFile => "is not a regular file (a folder, pipe or device)".to_owned(),
            Refused::TooLarge(limit) => format!("is larger than {} MB", limit / (1024 * 1024)),
            Refused::Unreadable(e) => format!("cannot be read: {e}"),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Refused::Missing => "check the name and the folder",
            Refused::Outside => "copy the file into the site instead of linking to it",
            Refused::NotAFile => "replace it with an ordinary file",
            Refused::TooLarge(_) => "use a smaller file",
            Refused::Unreadable(_) => "check the file's permissions",
        }
    }
}

/// The one rule for every file careleaf reads from a site: after symbolic links it
/// lies inside the site's folder, it is a regular file, and it holds no more than
/// a limit (read no further than that, whatever the file claims).
#[derive(Debug, Clone)]
pub struct SiteRoot {
    /// The site's folder, after symbolic links.
    canonical: PathBuf,
}

impl SiteRoot {
    /// The site at `root`.
    pub fn new(root: &Path) -> SiteRoot {
        SiteRoot {
            canonical: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// The site's folder, after symbolic links.
    pub fn path(&self) -> &Path {
        &self.canonical
    }

    /// Where `path` really is, if it is inside the site (a file or folder).
    pub fn inside(&self, path: &Path) -> Result<PathBuf, Refused> {
        let real = path.canonicalize().map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => Refused::Missing,
            _ => Refused::Unreadable(e),
        })?;
        if real.starts_with(&self.canonical) {
            Ok(real)
        } else {
            Err(Refused::Outside)
        }
    }

    /// Where the regular file `path` really is, if it is inside the site.
    pub fn file(&self, path: &Path) -> Result<PathBuf, Refused> {
        let real = self.inside(path)?;
        match real.metadata() {
            Ok(m) if m.is_file() => Ok(real),
            Ok(_) => Err(Refused::NotAFile),
            Err(e) => Err(Refused::Unreadable(e)),
        }
    }

    /// The bytes of the regular file `path`, if it is inside the site and holds at
    /// most `limit` bytes.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
        read_regular(&self.file(path)?, limit)
    }
}

/// The bytes of a regular file, at most `limit` of them.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    use std::io::Read as _;
    // Looked at before it is opened: opening a pipe would wait for a writer.
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(Refused::NotAFile),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Refused::Missing),
        Err(e) => return Err(Refused::Unreadable(e)),
    }
    let file = std::fs::File::open(path).map_err(Refused::Unreadable)?;
    let meta = file.metadata().map_err(Refused::Unreadable)?;
    if !meta.is_file() {
        return Err(Refused::NotAFile);
    }
    if meta.len() > limit {
        return Err(Refused::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge(limit));
    }
    Ok(bytes)
}

/// The most pixels a picture may have (50 megapixels: a 40,000 x 40,000 PNG of a
/// few megabytes would take gigabytes of memory to decode).
pub const MAX_PICTURE_PIXELS: u64 = 50_000_000;

/// A picture's width and height when it has more than [`MAX_PICTURE_PIXELS`], read
/// from its header (PNG, JPEG, GIF, WebP...) without decoding it.
pub fn too_many_pixels(header: &[u8]) -> Option<(u64, u64)> {
    let size = imagesize::blob_size(header).ok()?;
    let (w, h) = (size.width as u64, size.height as u64);
    (w.saturating_mul(h) > MAX_PICTURE_PIXELS).then_some((w, h))
}

/// The message for a picture of `w` x `h` pixels.
pub fn pixels_message(w: u64, h: u64) -> String {
    format!(
        "is {w} x {h} pixels ({} megapixels); a picture may have at most {}",
        w.saturating_mul(h) / 1_000_000,
        MAX_PICTURE_PIXELS / 1_000_000
    )
}
