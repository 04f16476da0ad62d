//! Images: the site's local images measured and resized, and sharing cards drawn.
//!
//! A [`Catalog`] is made once per build from the content (before Markdown is rendered):
//! it indexes every image file the site publishes (`static/`, files under `content/`,
//! page bundles) by its path in the site. Each page's Markdown asks it, through
//! [`Catalog::for_page`] (a [`crate::markdown::images::ImageLookup`]), about the images the page
//! shows; the first ask for an image reads it and makes its resized versions, and later
//! asks (from any page, on any thread) get the same answer.
//!
//! Resized versions and [`card`]s are kept in the cache folder (`.gloss-cache/images/`
//! by default), named by a hash of the source's bytes and of the settings that shape
//! them, so an unchanged image is never decoded again; an index there maps each source's
//! `stat` (size, modification time) to what it gave, so an unchanged image is not even
//! read again. The output gets copies of the cached files under [`OUTPUT_DIR`]; nothing
//! else reads the cache, and deleting it only costs the next build the work again.
//!
//! What this module must not do: write HTML (the Markdown pass does) or write into the
//! output folder (`output::write` copies the files [`Catalog::outputs`] lists).

pub mod card;

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use image::{DynamicImage, ImageFormat, ImageReader};
use serde::{Deserialize, Serialize};

use crate::config::{Config, ImagesConfig};
use crate::content::Content;
use crate::markdown::images::{ImageFacts, ImageLookup, SrcSet};

/// The output folder of resized images and sharing cards (`/processed_images/`).
pub const OUTPUT_DIR: &str = "processed_images";

/// Bumped when what a cached file holds for the same settings changes.
const CACHE_VERSION: u32 = 1;

/// Extensions of the files gloss treats as raster images.
const IMAGE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "avif", "heic", "heif", "jxl",
];

/// Whether `path` names a raster image by its extension.
pub fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The local images of one build: where each is, and what reading it gave.
#[derive(Debug)]
pub struct Catalog {
    settings: ImagesConfig,
    /// A hash of the settings that shape resized versions.
    fingerprint: u64,
    base_path: String,
    /// The cache folder for images (`root/.gloss-cache/images`).
    dir: PathBuf,
    /// Image files by their path in the site (`posts/trip/photo.png`).
    files: HashMap<String, PathBuf>,
    /// The cache's index as the last build left it.
    index: HashMap<String, Processed>,
    /// What each image gave this build, by its path in the site.
    slots: Slots<Processed>,
    /// What templates asked `resize_image` for this build, by the made file's name.
    resized: Slots<Resized>,
}

/// What each of several keys gave, each made once however many threads ask at once.
type Slots<T> = Mutex<HashMap<String, Arc<OnceLock<Result<T, String>>>>>;

/// How [`Catalog::resize`] fits an image into the size asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Scaled down to fit inside the width and height, keeping its proportions.
    Fit,
    /// Scaled and cropped (around the centre) to exactly the width and height.
    Fill,
}

/// An image made by [`Catalog::resize`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resized {
    /// Its root-relative URL (with the base path).
    pub url: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// What reading one image gave (kept in the cache's index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Processed {
    /// The source's size and modification time (seconds, nanoseconds) when read.
    len: u64,
    modified: (u64, u32),
    fingerprint: u64,
    /// A hash of the source's bytes (seeded with the fingerprint): cached files' names.
    key: u64,
    width: u32,
    height: u32,
    mime: String,
    /// Resized versions, narrowest first within each format.
    variants: Vec<Variant>,
}

/// One resized version, a file in the cache folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Variant {
    file: String,
    width: u32,
    height: u32,
    mime: String,
}

/// The cache index's file name, in the images cache folder.
const INDEX_FILE: &str = "index.json";

impl Catalog {
    /// Indexes the image files `content` publishes and the site's `static/` folders, and
    /// reads the cache's index. Reads no image.
    pub fn new(config: &Config, content: &Content) -> Catalog {
        let mut files = HashMap::new();
        let mut dirs = Vec::new();
        if let Some(theme) = &config.theme {
            dirs.push(config.root.join("themes").join(theme).join("static"));
        }
        dirs.push(config.root.join("static"));
        for dir in dirs {
            let entries = walkdir::WalkDir::new(&dir)
                .follow_links(true)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && is_image(e.path()));
            for entry in entries {
                if let Ok(rel) = entry.path().strip_prefix(&dir) {
                    files.insert(site_path_of(rel), entry.path().to_path_buf());
                }
            }
        }
        for f in content.files.iter().filter(|f| is_image(&f.source)) {
            files.insert(site_path_of(&f.output), f.source.clone());
        }
        for page in &content.pages {
            for (src, rel) in page.assets.iter().filter(|(s, _)| is_image(s)) {
                let path = format!(
                    "{}{}",
                    page.folder().trim_start_matches('/'),
                    site_path_of(rel)
                );
                files.insert(path, src.clone());
            }
        }
        let dir = cache_dir(config);
        let index = std::fs::read(dir.join(INDEX_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        let settings = config.images.clone();
        Catalog {
            fingerprint: fingerprint(&settings),
            settings,
            base_path: config.base_path().to_string(),
            dir,
            files,
            index,
            slots: Mutex::default(),
            resized: Mutex::default(),
        }
    }

    /// The lookup the Markdown of the page at site path `page_path` (`/posts/a/`) uses.
    pub fn for_page(self: &Arc<Self>, page_path: &str) -> PageImages {
        PageImages {
            catalog: Arc::clone(self),
            page_path: page_path.to_string(),
        }
    }

    /// The cache folder for images.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The image settings.
    pub fn settings(&self) -> &ImagesConfig {
        &self.settings
    }

    /// What the image at `site_path` gives, reading and resizing it on the first ask.
    fn get(&self, site_path: &str) -> Option<Result<Processed, String>> {
        let source = self.files.get(site_path)?;
        let slot = {
            let mut slots = self.slots.lock().ok()?;
            Arc::clone(slots.entry(site_path.to_string()).or_default())
        };
        Some(slot.get_or_init(|| self.process(site_path, source)).clone())
    }

    /// The site path the URL `url`, written in the page at `page_path`, points at, when
    /// it is a local file the catalog knows.
    fn resolve(&self, page_path: &str, url: &str) -> Option<String> {
        if url.is_empty() || url.starts_with("//") || url.starts_with('#') {
            return None;
        }
        let path = url.split(['?', '#']).next().unwrap_or(url);
        // A scheme (`https:`, `data:`) before any `/` makes it absolute.
        if path
            .split('/')
            .next()
            .is_some_and(|first| first.contains(':'))
        {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()?;
        let candidates: Vec<String> = match decoded.strip_prefix('/') {
            // Root-relative: as the author wrote it, or with the base path already in it.
            Some(rest) => {
                let mut c = vec![rest.to_string()];
                if let Some(inner) = decoded.strip_prefix(self.base_path.as_str()) {
                    c.push(inner.to_string());
                }
                c
            }
            None => {
                let dir = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
                vec![format!("{}{decoded}", dir.trim_start_matches('/'))]
            }
        };
        candidates
            .into_iter()
            .filter_map(|c| normalize(&c))
            .find(|c| self.files.contains_key(c))
    }

    /// The facts the Markdown pass gets for the image at `site_path`.
    fn facts(&self, site_path: &str, p: &Processed) -> ImageFacts {
        let url = |file: &str| format!("{}{OUTPUT_DIR}/{file}", self.base_path);
        let mut sets = Vec::new();
        let webp: Vec<(String, u32)> = p
            .variants
            .iter()
            .filter(|v| v.mime == "image/webp" && p.mime != "image/webp")
            .map(|v| (url(&v.file), v.width))
            .collect();
        let own: Vec<(String, u32)> = p
            .variants
            .iter()
            .filter(|v| v.mime == p.mime)
            .map(|v| (url(&v.file), v.width))
            .chain(std::iter::once((
                format!("{}{site_path}", self.base_path),
                p.width,
            )))
            .collect();
        if !webp.is_empty() {
            sets.push(SrcSet {
                mime: "image/webp".to_string(),
                candidates: webp,
            });
        }
        if !p.variants.is_empty() {
            sets.push(SrcSet {
                mime: p.mime.clone(),
                candidates: own,
            });
        }
        ImageFacts {
            site_path: site_path.to_string(),
            width: p.width,
            height: p.height,
            sets,
        }
    }

    /// Every resized version the pages used, as (output path, cached file).
    pub fn outputs(&self) -> Vec<(String, PathBuf)> {
        let Ok(slots) = self.slots.lock() else {
            return Vec::new();
        };
        let mut out: Vec<(String, PathBuf)> = slots
            .values()
            .filter_map(|slot| slot.get()?.as_ref().ok())
            .flat_map(|p| &p.variants)
            .map(|v| (format!("{OUTPUT_DIR}/{}", v.file), self.dir.join(&v.file)))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Writes the cache's index, when this build read an image the index did not hold
    /// as it is. A failure only costs the next build the reading again.
    pub fn save(&self) {
        let Ok(slots) = self.slots.lock() else {
            return;
        };
        let mut index: BTreeMap<&str, &Processed> =
            self.index.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let mut changed = false;
        for (path, slot) in slots.iter() {
            if let Some(Ok(p)) = slot.get()
                && self.index.get(path) != Some(p)
            {
                index.insert(path, p);
                changed = true;
            }
        }
        if !changed {
            return;
        }
        if let Ok(bytes) = serde_json::to_vec(&index) {
            let _ = write_atomically(&self.dir.join(INDEX_FILE), &bytes);
        }
    }

    /// Reads the image at `source` and makes its resized versions, unless the index or
    /// the cache holds them already. The error is a phrase following "the image X".
    fn process(&self, site_path: &str, source: &Path) -> Result<Processed, String> {
        let meta = std::fs::metadata(source).map_err(|e| format!("cannot be read ({e})"))?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or((0, 0), |d| (d.as_secs(), d.subsec_nanos()));
        if let Some(kept) = self.index.get(site_path)
            && kept.len == meta.len()
            && kept.modified == modified
            && kept.fingerprint == self.fingerprint
            && kept
                .variants
                .iter()
                .all(|v| self.dir.join(&v.file).is_file())
        {
            return Ok(kept.clone());
        }
        let bytes = std::fs::read(source).map_err(|e| format!("cannot be read ({e})"))?;
        let reader = ImageReader::new(Cursor::new(&bytes))
            .with_guessed_format()
            .map_err(|e| format!("cannot be read ({e})"))?;
        let Some(format) = reader.format() else {
            return Err("is not in an image format gloss reads (PNG, JPEG, GIF, WebP)".into());
        };
        let (width, height) = reader
            .into_dimensions()
            .map_err(|e| format!("cannot be read ({})", lower_first(&e.to_string())))?;
        let pixels = u64::from(width) * u64::from(height);
        if pixels > self.settings.max_pixels {
            return Err(format!(
                "is {width}×{height} pixels, more than images.max_pixels ({}), so it is not decoded",
                self.settings.max_pixels
            ));
        }
        let key = xxhash_rust::xxh3::xxh3_64_with_seed(&bytes, self.fingerprint);
        let mut processed = Processed {
            len: meta.len(),
            modified,
            fingerprint: self.fingerprint,
            key,
            width,
            height,
            mime: format.to_mime_type().to_string(),
            variants: Vec::new(),
        };
        // GIF (perhaps animated) and WebP (perhaps lossy; gloss writes WebP losslessly)
        // are sized but used as they are.
        if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg) {
            return Ok(processed);
        }
        let stem = file_stem(site_path);
        let plan = self.plan(format, width, height);
        processed.variants = plan
            .iter()
            .map(|(w, h, f)| Variant {
                file: format!("{stem}-{w}.{key:016x}.{}", f.extensions_str()[0]),
                width: *w,
                height: *h,
                mime: f.to_mime_type().to_string(),
            })
            .collect();
        if processed
            .variants
            .iter()
            .all(|v| self.dir.join(&v.file).is_file())
        {
            return Ok(processed);
        }
        let image = decode(&bytes, format, width, height)?;
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot be resized: the cache folder cannot be made ({e})"))?;
        // Widest first, each from the one before: quicker than each from the original,
        // and as sharp at these ratios.
        let mut from: Option<DynamicImage> = None;
        for v in processed.variants.iter().rev() {
            let path = self.dir.join(&v.file);
            if path.is_file() {
                continue;
            }
            let base = from
                .as_ref()
                .filter(|f| f.width() >= v.width)
                .unwrap_or(&image);
            let resized = if v.width == base.width() {
                base.clone()
            } else {
                base.resize_exact(v.width, v.height, image::imageops::FilterType::CatmullRom)
            };
            let bytes = encode(&resized, &v.mime, self.settings.quality)
                .map_err(|e| format!("cannot be resized ({e})"))?;
            write_atomically(&path, &bytes)
                .map_err(|e| format!("cannot be cached in {} ({e})", self.dir.display()))?;
            from = Some(resized);
        }
        Ok(processed)
    }

    /// Makes a version of the image at `path` (a path in the site, as a root-relative
    /// URL is written: `/posts/trip/photo.png` or `posts/trip/photo.png`) for a template:
    /// `width` and/or `height` in pixels, fitted or filled by `op`, in `format`
    /// (`None`: the image's own; or `"png"`, `"jpeg"`, `"webp"`). A fitted image is
    /// never made larger than the original. Made once per build, kept in the cache
    /// like the resized versions, and published under [`OUTPUT_DIR`].
    ///
    /// Errors (a phrase): no image at `path`, an image that cannot be read, no size
    /// given, `fill` without both sizes, an unknown format.
    pub fn resize(
        &self,
        path: &str,
        width: Option<u32>,
        height: Option<u32>,
        op: Op,
        format: Option<&str>,
    ) -> Result<Resized, String> {
        let rooted = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        let site_path = self.resolve("/", &rooted).ok_or_else(|| {
            format!(
                "there is no image at {path} (a path in the site, such as posts/trip/photo.png)"
            )
        })?;
        let processed = self
            .get(&site_path)
            .unwrap_or_else(|| Err("is not an image".to_string()))
            .map_err(|why| format!("the image {path} {why}"))?;
        let (w0, h0) = (processed.width, processed.height);
        let scaled_h = |w: u32| {
            u32::try_from(u64::from(h0) * u64::from(w) / u64::from(w0).max(1))
                .unwrap_or(1)
                .max(1)
        };
        let scaled_w = |h: u32| {
            u32::try_from(u64::from(w0) * u64::from(h) / u64::from(h0).max(1))
                .unwrap_or(1)
                .max(1)
        };
        let (w, h) = match (op, width, height) {
            (_, Some(0), _) | (_, _, Some(0)) => {
                return Err("width and height must be above 0".into());
            }
            (Op::Fill, Some(w), Some(h)) => (w, h),
            (Op::Fill, _, _) => return Err("op=\"fill\" needs both a width and a height".into()),
            (Op::Fit, None, None) => return Err("give a width, a height or both".into()),
            (Op::Fit, Some(w), None) => (w.min(w0), scaled_h(w.min(w0))),
            (Op::Fit, None, Some(h)) => (scaled_w(h.min(h0)), h.min(h0)),
            (Op::Fit, Some(w), Some(h)) => {
                // The largest size inside both bounds, keeping the proportions.
                let w = w.min(w0);
                if scaled_h(w) <= h {
                    (w, scaled_h(w))
                } else {
                    (scaled_w(h.min(h0)), h.min(h0))
                }
            }
        };
        let target = match format.unwrap_or("source") {
            "source" => ImageFormat::from_mime_type(&processed.mime).unwrap_or(ImageFormat::Png),
            "png" => ImageFormat::Png,
            "jpg" | "jpeg" => ImageFormat::Jpeg,
            "webp" => ImageFormat::WebP,
            other => {
                return Err(format!(
                    "unknown format {other:?} (use \"png\", \"jpeg\" or \"webp\")"
                ));
            }
        };
        let target = if matches!(
            target,
            ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
        ) {
            target
        } else {
            ImageFormat::Png
        };
        let op_name = match op {
            Op::Fit => "fit",
            Op::Fill => "fill",
        };
        let file = format!(
            "{}-{op_name}-{w}x{h}.{:016x}.{}",
            file_stem(&site_path),
            processed.key,
            target.extensions_str()[0]
        );
        let slot = {
            let mut resized = self
                .resized
                .lock()
                .map_err(|_| "the image cache is unusable".to_string())?;
            Arc::clone(resized.entry(file.clone()).or_default())
        };
        slot.get_or_init(|| {
            let path = self.dir.join(&file);
            if !path.is_file() {
                let source = self.files.get(&site_path).ok_or("is gone")?;
                let bytes = std::fs::read(source).map_err(|e| format!("cannot be read ({e})"))?;
                let format =
                    ImageFormat::from_mime_type(&processed.mime).ok_or("is not an image")?;
                let image = decode(&bytes, format, w0, h0)?;
                let made = match op {
                    Op::Fit => image.resize_exact(w, h, image::imageops::FilterType::CatmullRom),
                    Op::Fill => image.resize_to_fill(w, h, image::imageops::FilterType::CatmullRom),
                };
                let bytes = encode(&made, target.to_mime_type(), self.settings.quality)
                    .map_err(|e| format!("cannot be resized ({e})"))?;
                std::fs::create_dir_all(&self.dir)
                    .map_err(|e| format!("cannot be cached ({e})"))?;
                write_atomically(&path, &bytes).map_err(|e| format!("cannot be cached ({e})"))?;
            }
            Ok(Resized {
                url: format!("{}{OUTPUT_DIR}/{file}", self.base_path),
                width: w,
                height: h,
            })
        })
        .clone()
        .map_err(|why: String| {
            if why.starts_with("the image") {
                why
            } else {
                format!("the image {path} {why}")
            }
        })
    }

    /// The files templates made with [`Catalog::resize`] this build, as (output path,
    /// cached file).
    pub fn resized_outputs(&self) -> Vec<(String, PathBuf)> {
        let Ok(resized) = self.resized.lock() else {
            return Vec::new();
        };
        let mut out: Vec<(String, PathBuf)> = resized
            .iter()
            .filter(|(_, slot)| slot.get().is_some_and(Result::is_ok))
            .map(|(file, _)| (format!("{OUTPUT_DIR}/{file}"), self.dir.join(file)))
            .collect();
        out.sort();
        out
    }

    /// The cached file behind the output path `out` (`processed_images/…`), if this
    /// build made it for a template (for `gloss serve`, which renders pages on request).
    pub fn resized_file(&self, out: &str) -> Option<PathBuf> {
        let file = out.strip_prefix(OUTPUT_DIR)?.strip_prefix('/')?;
        let resized = self.resized.lock().ok()?;
        resized.get(file)?.get()?.as_ref().ok()?;
        Some(self.dir.join(file))
    }

    /// The versions to make of an image: (width, height, format), narrowest first.
    fn plan(&self, format: ImageFormat, width: u32, height: u32) -> Vec<(u32, u32, ImageFormat)> {
        let scaled = |w: u32| {
            let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width);
            (w, u32::try_from(h).unwrap_or(u32::MAX).max(1))
        };
        let narrower: Vec<u32> = self
            .settings
            .widths
            .iter()
            .copied()
            .filter(|&w| w < width)
            .collect();
        let mut plan = Vec::new();
        if self.settings.source_format {
            plan.extend(narrower.iter().map(|&w| {
                let (w, h) = scaled(w);
                (w, h, format)
            }));
        }
        // WebP is written losslessly (the `image` crate's encoder): smaller than PNG for
        // screenshots and charts, larger than JPEG for photos, which keep JPEG alone.
        if self.settings.webp && format == ImageFormat::Png {
            plan.extend(narrower.iter().chain(std::iter::once(&width)).map(|&w| {
                let (w, h) = scaled(w);
                (w, h, ImageFormat::WebP)
            }));
        }
        plan
    }
}

/// A page's view of the [`Catalog`]: resolves the URLs its Markdown writes.
#[derive(Debug)]
pub struct PageImages {
    catalog: Arc<Catalog>,
    page_path: String,
}

impl ImageLookup for PageImages {
    fn image(&self, url: &str) -> Option<Result<ImageFacts, String>> {
        let site_path = self.catalog.resolve(&self.page_path, url)?;
        let processed = self.catalog.get(&site_path)?;
        Some(processed.map(|p| self.catalog.facts(&site_path, &p)))
    }
}

/// The images cache folder of a site.
pub fn cache_dir(config: &Config) -> PathBuf {
    config.root.join(&config.images.cache_dir).join("images")
}

/// A hash of the settings that shape resized versions, and of gloss's cache version.
fn fingerprint(settings: &ImagesConfig) -> u64 {
    let text = format!(
        "v{CACHE_VERSION} {:?} {} {} {}",
        settings.widths, settings.source_format, settings.webp, settings.quality
    );
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Decodes an image whose header gave `width`×`height`, with the decoder held to that
/// size (in case the data holds another than the header said).
fn decode(
    bytes: &[u8],
    format: ImageFormat,
    width: u32,
    height: u32,
) -> Result<DynamicImage, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| format!("cannot be decoded ({})", lower_first(&e.to_string())))
}

/// Encodes `image` as `mime` (JPEG at `quality`, PNG, lossless WebP).
fn encode(image: &DynamicImage, mime: &str, quality: u8) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Vec::new();
    match mime {
        "image/jpeg" => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
            DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder)?;
        }
        "image/webp" => {
            let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
            let rgba = if image.color().has_alpha() {
                DynamicImage::ImageRgba8(image.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(image.to_rgb8())
            };
            rgba.write_with_encoder(encoder)?;
        }
        _ => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Default,
                image::codecs::png::FilterType::Adaptive,
            );
            image.write_with_encoder(encoder)?;
        }
    }
    Ok(out)
}

/// Writes `bytes` to `path` through a temporary file beside it, so that a reader (or a
/// build stopped halfway) never sees half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Unique per write: two builds in one process (tests, `gloss serve`) may write the
    // same file at once.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// A relative path as a site path: `/`-separated.
fn site_path_of(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

/// Resolves `.` and `..` segments of a site path (`posts/a/../../img/c.png` →
/// `img/c.png`, no leading `/`); `None` when `..` climbs out of the site.
pub(crate) fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The file name's stem, kept to letters, digits, `-` and `_` (at most 40), for the
/// names of resized versions.
fn file_stem(site_path: &str) -> String {
    let name = site_path.rsplit('/').next().unwrap_or(site_path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    if clean.is_empty() {
        "image".to_string()
    } else {
        clean
    }
}

/// `s` with its first letter in lower case (the `image` crate's messages start upper).
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_resolve_like_a_browser_against_the_page() {
        let mut config = Config::default_for("/nowhere");
        config.base_url = url::Url::parse("https://example.org/blog/").unwrap();
        let mut catalog = Catalog::new(&config, &Content::default());
        for p in ["posts/a/shot.png", "img/logo.png", "posts/pic.jpg"] {
            catalog.files.insert(p.into(), PathBuf::from(p));
        }
        let r = |page: &str, url: &str| catalog.resolve(page, url);
        assert_eq!(
            r("/posts/a/", "shot.png").as_deref(),
            Some("posts/a/shot.png")
        );
        assert_eq!(
            r("/posts/a/", "./shot.png?v=2#x").as_deref(),
            Some("posts/a/shot.png")
        );
        assert_eq!(
            r("/posts/a/", "../pic.jpg").as_deref(),
            Some("posts/pic.jpg")
        );
        assert_eq!(
            r("/posts/a.html", "pic.jpg").as_deref(),
            Some("posts/pic.jpg")
        );
        assert_eq!(
            r("/posts/a/", "/img/logo.png").as_deref(),
            Some("img/logo.png")
        );
        assert_eq!(
            r("/posts/a/", "/blog/img/logo.png").as_deref(),
            Some("img/logo.png")
        );
        assert_eq!(r("/posts/a/", "https://example.org/img/logo.png"), None);
        assert_eq!(r("/posts/a/", "../../../x.png"), None);
        assert_eq!(r("/posts/a/", "pic.jpg"), None);
    }

    #[test]
    fn plans_narrower_widths_and_webp_for_png_only() {
        let catalog = Catalog::new(&Config::default_for("/nowhere"), &Content::default());
        let widths = |f, w| {
            catalog
                .plan(f, w, 100)
                .into_iter()
                .map(|(w, _, f)| (w, f.extensions_str()[0]))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            widths(ImageFormat::Png, 1000),
            [
                (480, "png"),
                (960, "png"),
                (480, "webp"),
                (960, "webp"),
                (1000, "webp")
            ]
        );
        assert_eq!(
            widths(ImageFormat::Jpeg, 1000),
            [(480, "jpg"), (960, "jpg")]
        );
        assert_eq!(widths(ImageFormat::Jpeg, 400), []);
        assert_eq!(
            catalog.plan(ImageFormat::Png, 1000, 333)[0],
            (480, 160, ImageFormat::Png)
        );
    }
}
