//! Draws the demo blog's frequency chart (`content/posts/northline-redesign/
//! northline-frequency.png`): buses an hour on weekdays, today and under the draft plan,
//! from the post's own table. The image is made here rather than taken from anywhere.
//!
//! `cargo run --example demo_chart -- content/posts/northline-redesign/northline-frequency.png`

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgb, RgbImage};

const FONT: &[u8] = include_bytes!("../src/images/fonts/DejaVuSans-Bold.ttf");

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "northline-frequency.png".to_string());
    let (w, h) = (1600u32, 900u32);
    let bg = Rgb([0xfb, 0xfa, 0xf7]);
    let ink = Rgb([0x1d, 0x1f, 0x22]);
    let muted = Rgb([0x8a, 0x8f, 0x97]);
    let accent = Rgb([0x0b, 0x57, 0xa4]);
    let mut img = RgbImage::from_pixel(w, h, bg);
    let font = FontRef::try_from_slice(FONT).expect("the embedded font");
    text(
        &mut img,
        &font,
        44.0,
        80.0,
        100.0,
        "Buses an hour on weekdays",
        ink,
    );
    text(
        &mut img,
        &font,
        28.0,
        80.0,
        150.0,
        "grey: today   blue: Northline draft",
        muted,
    );
    // Routes and buses an hour (60 / minutes between buses), from the post's table.
    let routes = [
        ("10 Northgate", 2.0, 6.0),
        ("12 Mill Road", 2.0, 5.0),
        ("14 Ridge Ave", 1.33, 4.0),
        ("31 Orchard", 1.0, 0.0),
        ("33 Fairview", 1.0, 0.0),
    ];
    let (base, top) = (780.0f32, 220.0f32);
    let per_bus = (base - top) / 6.0;
    for i in 0..=6 {
        let y = (base - i as f32 * per_bus) as u32;
        for x in 160..1540 {
            img.put_pixel(x, y, Rgb([0xd9, 0xd4, 0xc9]));
        }
        text(
            &mut img,
            &font,
            24.0,
            110.0,
            y as f32 + 8.0,
            &i.to_string(),
            muted,
        );
    }
    for (i, (name, today, draft)) in routes.iter().enumerate() {
        let x0 = 200 + i as u32 * 270;
        bar(&mut img, x0, 90, base, *today * per_bus, muted);
        bar(&mut img, x0 + 100, 90, base, *draft * per_bus, accent);
        text(&mut img, &font, 26.0, x0 as f32, base + 50.0, name, ink);
    }
    img.save(&out).expect("the chart can be written");
}

fn bar(img: &mut RgbImage, x0: u32, width: u32, base: f32, height: f32, colour: Rgb<u8>) {
    let top = (base - height).round() as u32;
    for y in top..base as u32 {
        for x in x0..x0 + width {
            img.put_pixel(x, y, colour);
        }
    }
}

fn text(img: &mut RgbImage, font: &FontRef, size: f32, x: f32, y: f32, s: &str, colour: Rgb<u8>) {
    let scale = PxScale::from(size);
    let scaled = font.as_scaled(scale);
    let mut caret = x;
    for c in s.chars() {
        let id = scaled.glyph_id(c);
        let glyph = id.with_scale_and_position(scale, point(caret, y));
        caret += scaled.h_advance(id);
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|gx, gy, cov| {
                let (px, py) = (b.min.x as u32 + gx, b.min.y as u32 + gy);
                if px < img.width() && py < img.height() {
                    let under = img.get_pixel(px, py).0;
                    let mix = |a: u8, u: u8| (a as f32 * cov + u as f32 * (1.0 - cov)) as u8;
                    let c = colour.0;
                    img.put_pixel(
                        px,
                        py,
                        Rgb([
                            mix(c[0], under[0]),
                            mix(c[1], under[1]),
                            mix(c[2], under[2]),
                        ]),
                    );
                }
            });
        }
    }
}
