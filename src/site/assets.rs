//! Static files: the theme's, the site's `static/`, files under `content/`, and page
//! bundles' files, added to the output in that order so that a later one replaces an
//! earlier one at the same path (a site's `static/style.css` replaces the theme's).
//!
//! Files are copied verbatim when the output is written; nothing is read here.

use super::Site;
use crate::output::{Output, OutputFile};

/// Adds every static file of the site to `output`.
pub(crate) fn copy(site: &Site, output: &mut Output) {
    let config = site.config;
    for (path, bytes) in crate::theme::STATIC_FILES {
        output.insert_bytes(*path, bytes.to_vec());
    }
    let mut dirs = Vec::new();
    if let Some(theme) = &config.theme {
        dirs.push(config.root.join("themes").join(theme).join("static"));
    }
    dirs.push(config.root.join("static"));
    for dir in dirs {
        let files = walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file());
        for entry in files {
            if let Ok(rel) = entry.path().strip_prefix(&dir) {
                output.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    OutputFile::Copy(entry.path().to_path_buf()),
                );
            }
        }
    }
    for f in &site.content.files {
        output.insert(
            f.output.to_string_lossy().replace('\\', "/"),
            OutputFile::Copy(f.source.clone()),
        );
    }
    for rp in site.rendered {
        for (src, rel) in &rp.page.assets {
            let path = format!(
                "{}{}",
                rp.page.folder().trim_start_matches('/'),
                rel.to_string_lossy().replace('\\', "/")
            );
            output.insert(path, OutputFile::Copy(src.clone()));
        }
    }
}
