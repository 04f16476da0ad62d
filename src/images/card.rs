//! Sharing cards: the 1200×630 PNG a post without an image of its own shows when it is
//! shared (`og:image`).
//!
//! A card holds the post's title, the site's name and the post's date, in the colours of
//! `[images]` (the default theme's by default), drawn with DejaVu Sans Bold (embedded;
//! its licence is `src/images/fonts/LICENSE`) by `ab_glyph`. Cards are cached like
//! resized images: the file name holds a hash of everything drawn, so an unchanged post's
//! card is made once. Takes plain values; writes only into the cache folder.

use std::path::{Path, PathBuf};

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgb, RgbImage};

/// The card's size in pixels (the size Open Graph consumers show best).
pub const WIDTH: u32 = 1200;
/// The card's height in pixels.
pub const HEIGHT: u32 = 630;

/// The embedded font.
static FONT: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// Bumped when the drawing changes, so that cached cards are drawn again.
const DRAWING_VERSION: u32 = 1;

/// What one card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The post's title (plain text).
    pub title: String,
    /// The site's title.
    pub site: String,
    /// The date as people read it ("Nov 28, 2026"), or empty.
    pub date: String,
    /// Background, text and accent colours.
    pub colours: [[u8; 3]; 3],
}

impl Card {
    /// The card's file name: `card-SLUG.HASH.png`, the hash of all it shows.
    pub fn file_name(&self, slug: &str) -> String {
        let text = format!(
            "v{DRAWING_VERSION}\n{}\n{}\n{}\n{:?}",
            self.title, self.site, self.date, self.colours
        );
        let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        let slug: String = slug
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .take(40)
            .collect();
        format!("card-{slug}.{hash:016x}.png")
    }

    /// Draws the card.
    pub fn draw(&self) -> RgbImage {
        let [bg, fg, accent] = self.colours.map(Rgb);
        let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, bg);
        let Ok(font) = FontRef::try_from_slice(FONT) else {
            return img;
        };
        let margin = 80.0;
        let max_width = WIDTH as f32 - 2.0 * margin;
        // An accent band along the left edge, and the site's name at the top.
        for y in 0..HEIGHT {
            for x in 0..16 {
                img.put_pixel(x, y, accent);
            }
        }
        let site = ellipsize(&font, 36.0, &self.site, max_width);
        draw_line(&mut img, &font, 36.0, margin, 110.0, &site, accent);
        // The title, as large as lets it fit in four lines.
        let mut size = 72.0;
        let mut lines = wrap(&font, size, &self.title, max_width);
        while lines.len() > 3 && size > 48.0 {
            size -= 8.0;
            lines = wrap(&font, size, &self.title, max_width);
        }
        if lines.len() > 4 {
            lines.truncate(4);
            if let Some(last) = lines.last_mut() {
                *last = ellipsize(&font, size, &format!("{last} …"), max_width);
            }
        }
        let line_height = size * 1.2;
        let top = 200.0 + size;
        for (i, line) in lines.iter().enumerate() {
            draw_line(
                &mut img,
                &font,
                size,
                margin,
                top + i as f32 * line_height,
                line,
                fg,
            );
        }
        if !self.date.is_empty() {
            let muted = Rgb(blend(fg.0, bg.0, 0.7));
            draw_line(
                &mut img,
                &font,
                32.0,
                margin,
                HEIGHT as f32 - 70.0,
                &self.date,
                muted,
            );
        }
        img
    }

    /// Draws the card into `dir` (the images cache folder) unless it is there already;
    /// gives the cached file.
    ///
    /// Errors: the folder or the file cannot be written.
    pub fn make(&self, slug: &str, dir: &Path) -> std::io::Result<PathBuf> {
        let path = dir.join(self.file_name(slug));
        if path.is_file() {
            return Ok(path);
        }
        std::fs::create_dir_all(dir)?;
        let mut bytes = Vec::new();
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut bytes,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Sub,
        );
        image::DynamicImage::ImageRgb8(self.draw())
            .write_with_encoder(encoder)
            .map_err(std::io::Error::other)?;
        super::write_atomically(&path, &bytes)?;
        Ok(path)
    }
}

/// `a` mixed with `b`, `share` of `a`.
fn blend(a: [u8; 3], b: [u8; 3], share: f32) -> [u8; 3] {
    let mix = |x: u8, y: u8| (f32::from(x) * share + f32::from(y) * (1.0 - share)).round() as u8;
    [mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])]
}

/// The width of `text` at `size` pixels, kerning included.
fn measure(font: &FontRef, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// `text` cut into lines no wider than `max` at `size` (a word wider than a line is
/// cut where it overflows).
fn wrap(font: &FontRef, size: f32, text: &str, max: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(font, size, &candidate) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
        while measure(font, size, &line) > max && line.chars().count() > 1 {
            let mut head = String::new();
            for c in line.chars() {
                if measure(font, size, &format!("{head}{c}")) > max && !head.is_empty() {
                    break;
                }
                head.push(c);
            }
            let rest = line[head.len()..].to_string();
            lines.push(head);
            line = rest;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text`, shortened with `…` until it fits in `max` at `size`.
fn ellipsize(font: &FontRef, size: f32, text: &str, max: f32) -> String {
    if measure(font, size, text) <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if measure(font, size, &candidate) <= max {
            return candidate;
        }
    }
    "…".to_string()
}

/// Draws one line of text with its baseline at (`x`, `baseline`).
fn draw_line(
    img: &mut RgbImage,
    font: &FontRef,
    size: f32,
    x: f32,
    baseline: f32,
    text: &str,
    colour: Rgb<u8>,
) {
    let scale = PxScale::from(size);
    let scaled = font.as_scaled(scale);
    let mut caret = x;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            caret += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(caret, baseline));
        caret += scaled.h_advance(id);
        previous = Some(id);
        let Some(outline) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let px = bounds.min.x as i64 + i64::from(gx);
            let py = bounds.min.y as i64 + i64::from(gy);
            if let (Ok(px), Ok(py)) = (u32::try_from(px), u32::try_from(py))
                && px < img.width()
                && py < img.height()
            {
                let under = img.get_pixel(px, py).0;
                img.put_pixel(
                    px,
                    py,
                    Rgb(blend(colour.0, under, coverage.clamp(0.0, 1.0))),
                );
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str) -> Card {
        Card {
            title: title.into(),
            site: "A site".into(),
            date: "Nov 28, 2026".into(),
            colours: [[255, 255, 255], [0, 0, 0], [0, 0, 255]],
        }
    }

    #[test]
    fn draws_the_title_in_the_text_colour_on_the_background() {
        let img = card("Colossus goes live").draw();
        assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
        // The accent band, the background, and dark pixels where the title is.
        assert_eq!(img.get_pixel(5, 300).0, [0, 0, 255]);
        assert_eq!(img.get_pixel(WIDTH - 5, 5).0, [255, 255, 255]);
        let dark = (200..320)
            .flat_map(|y| (80..900).map(move |x| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y).0 == [0, 0, 0])
            .count();
        assert!(dark > 2000, "{dark} dark pixels");
    }

    #[test]
    fn long_titles_wrap_and_stay_inside() {
        let long = "word ".repeat(80);
        let font = FontRef::try_from_slice(FONT).unwrap();
        let lines = wrap(&font, 56.0, &long, 1040.0);
        assert!(lines.len() > 4);
        assert!(lines.iter().all(|l| measure(&font, 56.0, l) <= 1040.0));
        let unbroken = "x".repeat(300);
        assert!(
            wrap(&font, 56.0, &unbroken, 1040.0)
                .iter()
                .all(|l| measure(&font, 56.0, l) <= 1040.0)
        );
        card(&long).draw();
    }

    #[test]
    fn the_file_name_changes_with_what_is_drawn() {
        let a = card("One");
        let mut b = a.clone();
        b.date = "Dec 1, 2026".into();
        assert_ne!(a.file_name("one"), b.file_name("one"));
        assert_eq!(a.file_name("one"), card("One").file_name("one"));
        assert!(a.file_name("é/x").starts_with("card---x."));
    }
}
