//! Directory handles that never follow a symlink: every operation is `*at()` relative to a descriptor opened once,
//! with `O_NOFOLLOW`, so a command that replaces a path with a link cannot make the launcher (which runs with the
//! caller's full rights) read, write or delete through it.

use std::ffi::{CStr, CString, OsStr, OsString};
use std::fs::{File, Metadata};
use std::io::{self, Read, Write};
use std::os::raw::{c_char, c_int, c_uint, c_void};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::io::{AsRawFd, FromRawFd};
use std::path::{Path, PathBuf};

extern "C" {
    fn openat(directory: c_int, path: *const c_char, flags: c_int, mode: c_uint) -> c_int;
    fn mkdirat(directory: c_int, path: *const c_char, mode: c_uint) -> c_int;
    fn unlinkat(directory: c_int, path: *const c_char, flags: c_int) -> c_int;
    fn symlinkat(target: *const c_char, directory: c_int, path: *const c_char) -> c_int;
    fn readlinkat(directory: c_int, path: *const c_char, buffer: *mut c_char, size: usize)
        -> isize;
    fn renameat(from_dir: c_int, from: *const c_char, to_dir: c_int, to: *const c_char) -> c_int;
    fn fdopendir(fd: c_int) -> *mut c_void;
    fn readdir64(stream: *mut c_void) -> *const Dirent64;
    fn rewinddir(stream: *mut c_void);
    fn closedir(stream: *mut c_void) -> c_int;
    fn dup(fd: c_int) -> c_int;
    fn close(fd: c_int) -> c_int;
}

#[repr(C)]
struct Dirent64 {
    inode: u64,
    offset: i64,
    length: u16,
    kind: u8,
    name: [c_char; 256],
}

const O_RDONLY: c_int = 0;
const O_WRONLY: c_int = 1;
const O_CREAT: c_int = 0o100;
const O_EXCL: c_int = 0o200;
const O_NOCTTY: c_int = 0o400;
const O_NONBLOCK: c_int = 0o4000;
const O_DIRECTORY: c_int = 0o200_000;
const O_NOFOLLOW: c_int = 0o400_000;
const O_CLOEXEC: c_int = 0o2_000_000;
const O_PATH: c_int = 0o10_000_000;
const AT_FDCWD: c_int = -100;
const AT_REMOVEDIR: c_int = 0x200;

fn name_of(name: &OsStr) -> io::Result<CString> {
    if name.is_empty() || name == "." || name == ".." || name.as_bytes().contains(&b'/') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a single path component",
        ));
    }
    CString::new(name.as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in name"))
}

fn checked(result: c_int) -> io::Result<c_int> {
    if result < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(result)
    }
}

/// An open directory (`O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC`): it follows the directory if it is renamed.
pub struct Directory {
    file: File,
}

impl Directory {
    /// Opens `path` (absolute, already canonical: no component may be a link) as a directory.
    pub fn open(path: &Path) -> io::Result<Directory> {
        let text = CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))?;
        // SAFETY: a valid C string; the returned descriptor is owned by the File.
        let fd = checked(unsafe {
            openat(
                AT_FDCWD,
                text.as_ptr(),
                O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC,
                0,
            )
        })?;
        // SAFETY: fd is a fresh descriptor nobody else owns.
        Ok(Directory {
            file: unsafe { File::from_raw_fd(fd) },
        })
    }

    fn open_at(&self, name: &OsStr, flags: c_int, mode: c_uint) -> io::Result<File> {
        let name = name_of(name)?;
        // SAFETY: valid directory descriptor and C string; the descriptor is owned by the File.
        let fd = checked(unsafe {
            openat(
                self.file.as_raw_fd(),
                name.as_ptr(),
                flags | O_NOFOLLOW | O_CLOEXEC,
                mode,
            )
        })?;
        // SAFETY: fd is a fresh descriptor nobody else owns.
        Ok(unsafe { File::from_raw_fd(fd) })
    }

    /// The child directory `name`; fails when it is anything else, a link included.
    pub fn child(&self, name: &OsStr) -> io::Result<Directory> {
        Ok(Directory {
            file: self.open_at(name, O_RDONLY | O_DIRECTORY, 0)?,
        })
    }

    /// Metadata of `name` itself (a link is described, not followed); `None` when it does not exist.
    pub fn entry(&self, name: &OsStr) -> io::Result<Option<Metadata>> {
        match self.open_at(name, O_PATH, 0) {
            Ok(file) => file.metadata().map(Some),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The contents of the regular file `name`, if it holds at most `limit` bytes; `None` otherwise (too large, or
    /// not a regular file). FIFOs are opened non-blocking and devices never read.
    pub fn read_file(&self, name: &OsStr, limit: u64) -> io::Result<Option<Vec<u8>>> {
        match self.entry(name)? {
            Some(metadata) if metadata.is_file() && metadata.len() <= limit => {}
            _ => return Ok(None),
        }
        let file = self.open_at(name, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() || metadata.len() > limit {
            return Ok(None);
        }
        let mut bytes = Vec::with_capacity(metadata.len() as usize);
        file.take(limit + 1).read_to_end(&mut bytes)?;
        Ok(if bytes.len() as u64 > limit {
            None
        } else {
            Some(bytes)
        })
    }

    /// The target of the symlink `name`.
    pub fn read_link(&self, name: &OsStr) -> io::Result<PathBuf> {
        let name = name_of(name)?;
        let mut buffer = vec![0u8; 4096];
        // SAFETY: the buffer is live and its length is passed.
        let length = unsafe {
            readlinkat(
                self.file.as_raw_fd(),
                name.as_ptr(),
                buffer.as_mut_ptr() as *mut c_char,
                buffer.len(),
            )
        };
        if length < 0 {
            return Err(io::Error::last_os_error());
        }
        buffer.truncate(length as usize);
        Ok(PathBuf::from(OsString::from_vec(buffer)))
    }

    /// The names in this directory (without `.` and `..`), sorted.
    pub fn names(&self) -> io::Result<Vec<OsString>> {
        // SAFETY: dup of our own descriptor; fdopendir takes ownership of the copy and closedir releases it.
        let copy = checked(unsafe { dup(self.file.as_raw_fd()) })?;
        let stream = unsafe { fdopendir(copy) };
        if stream.is_null() {
            let error = io::Error::last_os_error();
            // SAFETY: fdopendir failed, so the copy is still ours.
            unsafe { close(copy) };
            return Err(error);
        }
        // The copy shares its offset with every other copy: start from the top.
        // SAFETY: stream is a live DIR*.
        unsafe { rewinddir(stream) };
        let mut names = Vec::new();
        loop {
            // SAFETY: stream is a live DIR*; the entry stays valid until the next readdir call.
            let entry = unsafe { readdir64(stream) };
            if entry.is_null() {
                break;
            }
            // SAFETY: d_name is NUL-terminated by the kernel.
            let name = unsafe { CStr::from_ptr((*entry).name.as_ptr()) };
            let bytes = name.to_bytes();
            if bytes != b"." && bytes != b".." {
                names.push(OsString::from_vec(bytes.to_vec()));
            }
        }
        // SAFETY: releases the stream and the copied descriptor.
        unsafe { closedir(stream) };
        names.sort();
        Ok(names)
    }

    /// Removes `name` and, when it is a directory, everything below it — never following a link. Missing is fine.
    pub fn remove(&self, name: &OsStr) -> io::Result<()> {
        let metadata = match self.entry(name)? {
            Some(metadata) => metadata,
            None => return Ok(()),
        };
        let c_name = name_of(name)?;
        if metadata.is_dir() {
            let child = self.child(name)?;
            for inner in child.names()? {
                child.remove(&inner)?;
            }
            // SAFETY: valid descriptor and C string.
            checked(unsafe { unlinkat(self.file.as_raw_fd(), c_name.as_ptr(), AT_REMOVEDIR) })?;
        } else {
            // SAFETY: valid descriptor and C string.
            checked(unsafe { unlinkat(self.file.as_raw_fd(), c_name.as_ptr(), 0) })?;
        }
        Ok(())
    }

    /// Creates the directory `name` with `mode` and returns it.
    pub fn make_dir(&self, name: &OsStr, mode: u32) -> io::Result<Directory> {
        let c_name = name_of(name)?;
        // SAFETY: valid descriptor and C string.
        checked(unsafe { mkdirat(self.file.as_raw_fd(), c_name.as_ptr(), 0o700) })?;
        let child = self.child(name)?;
        child.set_mode(mode)?;
        Ok(child)
    }

    /// (device, inode) of this directory.
    pub fn identity(&self) -> io::Result<(u64, u64)> {
        use std::os::unix::fs::MetadataExt;
        let metadata = self.file.metadata()?;
        Ok((metadata.dev(), metadata.ino()))
    }

    /// Sets this directory's permission bits.
    pub fn set_mode(&self, mode: u32) -> io::Result<()> {
        self.file
            .set_permissions(std::fs::Permissions::from_mode(mode))
    }

    /// Creates the regular file `name` (it must not exist) with `bytes` and `mode`.
    pub fn write_new_file(&self, name: &OsStr, bytes: &[u8], mode: u32) -> io::Result<()> {
        let mut file = self.open_at(name, O_WRONLY | O_CREAT | O_EXCL, 0o600)?;
        file.write_all(bytes)?;
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }

    /// Replaces the regular file `name` with `bytes`, keeping its mode (write to a new name, then rename over).
    pub fn replace_file(&self, name: &OsStr, bytes: &[u8]) -> io::Result<()> {
        let mode = match self.entry(name)? {
            Some(metadata) => metadata.permissions().mode() & 0o777,
            None => 0o644,
        };
        let mut temporary = name.to_os_string();
        temporary.push(format!(".art-sandbox-{}", std::process::id()));
        self.remove(&temporary)?;
        self.write_new_file(&temporary, bytes, mode)?;
        self.rename(&temporary, self, name)
    }

    /// Creates the symlink `name` pointing at `target`.
    pub fn symlink(&self, target: &Path, name: &OsStr) -> io::Result<()> {
        let c_name = name_of(name)?;
        let c_target = CString::new(target.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in link target"))?;
        // SAFETY: valid descriptor and C strings.
        checked(unsafe { symlinkat(c_target.as_ptr(), self.file.as_raw_fd(), c_name.as_ptr()) })
            .map(|_| ())
    }

    /// Renames `name` here to `to_name` in `to` (which may be this directory).
    pub fn rename(&self, name: &OsStr, to: &Directory, to_name: &OsStr) -> io::Result<()> {
        let from = name_of(name)?;
        let target = name_of(to_name)?;
        // SAFETY: valid descriptors and C strings.
        checked(unsafe {
            renameat(
                self.file.as_raw_fd(),
                from.as_ptr(),
                to.file.as_raw_fd(),
                target.as_ptr(),
            )
        })
        .map(|_| ())
    }

    /// Renames the entry at the absolute, canonical path `from` to `name` in `to`.
    pub fn rename_path(from: &Path, to: &Directory, name: &OsStr) -> io::Result<()> {
        let source = CString::new(from.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))?;
        let target = name_of(name)?;
        // SAFETY: valid descriptors and C strings.
        checked(unsafe {
            renameat(
                AT_FDCWD,
                source.as_ptr(),
                to.file.as_raw_fd(),
                target.as_ptr(),
            )
        })
        .map(|_| ())
    }

    /// Where this directory is now, as the kernel names it (`None` when it was deleted or /proc is not ours).
    pub fn current_path(&self) -> Option<PathBuf> {
        let link = std::fs::read_link(format!("/proc/self/fd/{}", self.file.as_raw_fd())).ok()?;
        if link.as_os_str().as_bytes().ends_with(b" (deleted)") || !link.is_absolute() {
            return None;
        }
        Some(link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn never_follows_links() {
        let root = std::env::temp_dir().join(format!("art-directory-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("inside")).unwrap();
        fs::create_dir_all(root.join("outside")).unwrap();
        fs::write(root.join("outside/keep"), "keep").unwrap();
        std::os::unix::fs::symlink(root.join("outside"), root.join("inside/link")).unwrap();
        let inside = Directory::open(&root.join("inside")).unwrap();
        assert!(inside.child(OsStr::new("link")).is_err());
        assert_eq!(inside.read_file(OsStr::new("link"), 100).unwrap(), None);
        inside.remove(OsStr::new("link")).unwrap();
        assert!(root.join("outside/keep").exists());
        assert!(inside.names().unwrap().is_empty());
        inside
            .write_new_file(OsStr::new("f"), b"data", 0o640)
            .unwrap();
        assert_eq!(
            inside.read_file(OsStr::new("f"), 100).unwrap(),
            Some(b"data".to_vec())
        );
        assert_eq!(inside.read_file(OsStr::new("f"), 2).unwrap(), None);
        fs::remove_dir_all(&root).unwrap();
    }
}
