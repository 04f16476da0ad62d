//! Images: sizes, resized versions and their cache, figures, alt text, bad files,
//! sharing cards and `resize_image`, on fixture sites whose images are made here.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{Site, attr, attrs, empty_site, sel};

/// A PNG of `w`×`h` with a gradient (so that resizing has something to do).
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A JPEG of `w`×`h`.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([90, (x * 255 / w) as u8, (y * 255 / h) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// A site with a post bundle holding a PNG chart, a JPEG photo in `static/`, and a post
/// without images.
fn site() -> Site {
    let site = empty_site();
    site.write(
        "gloss.toml",
        "title = \"Pictures\"\nbase_url = \"https://example.org/\"\n",
    );
    site.write("content/posts/trip/chart.png", png(1200, 800));
    site.write("static/img/photo.jpg", jpeg(2000, 1000));
    site.write(
        "content/posts/trip/index.md",
        "---\ntitle: Trip\ndate: 2026-11-01\n---\n\n\
         ![Sales by year, 2020 to 2026](chart.png \"Sales by year\")\n\n\
         A photo: ![The harbour at dawn](/img/photo.jpg) and a remote one\n\
         ![Logo](https://example.com/logo.png).\n",
    );
    site.write(
        "content/posts/words.md",
        "---\ntitle: Only words here\ndate: 2026-11-02\n---\n\nNo pictures.\n",
    );
    site
}

/// CRC-32 (ISO-HDLC, as PNG chunks carry it).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Every file under `dir` with its modification time.
fn mtimes(dir: &Path) -> BTreeMap<String, std::time::SystemTime> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let t = e.metadata().unwrap().modified().unwrap();
            (e.path().display().to_string(), t)
        })
        .collect()
}

/// The (URL, width) pairs of a `srcset`.
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The real dimensions of the output file at the root-relative `url`.
fn dimensions(site: &Site, url: &str) -> (u32, u32) {
    image::image_dimensions(site.public().join(url.trim_start_matches('/')))
        .unwrap_or_else(|e| panic!("{url}: {e}"))
}

#[test]
fn local_images_get_their_sizes_and_a_srcset_of_real_resized_files() {
    let site = site();
    site.build();
    let doc = site.html("posts/trip/index.html");
    let widths = attrs(&doc, "article img", "width");
    let heights = attrs(&doc, "article img", "height");
    // The chart and the photo are sized from their files; the remote logo is not.
    assert_eq!(widths, ["1200", "2000"]);
    assert_eq!(heights, ["800", "1000"]);
    // The first image of the post loads at once; the others lazily.
    assert_eq!(attrs(&doc, "article img", "loading"), ["lazy", "lazy"]);
    assert_eq!(
        attrs(&doc, "article img[loading]", "decoding"),
        ["async", "async"]
    );
    assert_eq!(
        attrs(&doc, "article img:not([loading])", "alt"),
        ["Sales by year, 2020 to 2026"]
    );

    // The chart (PNG): PNG versions on the <img>, WebP versions in a <source>.
    let own = candidates(&attr(&doc, "figure.image img", "srcset"));
    let webp = candidates(&attr(
        &doc,
        "figure.image source[type=\"image/webp\"]",
        "srcset",
    ));
    assert_eq!(
        own.iter().map(|c| c.1).collect::<Vec<_>>(),
        [480, 960, 1200]
    );
    assert_eq!(
        webp.iter().map(|c| c.1).collect::<Vec<_>>(),
        [480, 960, 1200]
    );
    assert_eq!(own[2].0, "/posts/trip/chart.png");
    for (url, width) in own.iter().chain(&webp) {
        let (w, h) = dimensions(&site, url);
        assert_eq!(w, *width, "{url}");
        assert_eq!(h, width * 2 / 3, "{url}");
    }
    assert!(webp[0].0.ends_with(".webp"));
    assert_eq!(
        image::ImageFormat::from_path(&webp[0].0).unwrap(),
        image::ImageFormat::WebP
    );

    // The photo (JPEG): JPEG versions only.
    let photo = candidates(&attr(&doc, "p img[src=\"/img/photo.jpg\"]", "srcset"));
    assert_eq!(
        photo.iter().map(|c| c.1).collect::<Vec<_>>(),
        [480, 960, 1600, 2000]
    );
    for (url, width) in &photo {
        assert_eq!(dimensions(&site, url), (*width, width / 2), "{url}");
    }
    assert!(!attr(&doc, "p img[src=\"/img/photo.jpg\"]", "sizes").is_empty());

    // The cache is at the site root and never part of the output.
    assert!(site.root.join(".gloss-cache/images").is_dir());
    // (The search index under pagefind/ has JSON files of its own.)
    assert!(
        site.tree()
            .keys()
            .filter(|k| !k.starts_with("pagefind/"))
            .all(|k| !k.contains(".gloss-cache") && !k.ends_with(".json"))
    );
}

#[test]
fn a_second_build_does_no_image_work_and_the_cache_is_safe_to_delete() {
    let site = site();
    site.build();
    let first = site.tree();
    let cache = site.root.join(".gloss-cache");
    let before = mtimes(&cache);
    assert!(before.len() > 5, "{before:?}");
    // Files written again would have new modification times.
    std::thread::sleep(std::time::Duration::from_millis(50));
    site.build();
    assert_eq!(
        mtimes(&cache),
        before,
        "the second build wrote into the cache"
    );
    assert_eq!(site.tree(), first);
    // Without the cache, the next build makes the same output again.
    std::fs::remove_dir_all(&cache).unwrap();
    site.build();
    assert_eq!(site.tree(), first);
}

/// Rebuilds write no image data: the versions and cards in the output are hard links to
/// the cache's files (the same inodes), not copies.
#[cfg(unix)]
#[test]
fn versions_and_cards_in_the_output_are_links_to_the_cache() {
    use std::os::unix::fs::MetadataExt;
    let site = site();
    site.build();
    let cache = site.root.join(".gloss-cache");
    let cached: std::collections::BTreeSet<u64> = walkdir::WalkDir::new(&cache)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok().map(|m| m.ino()))
        .collect();
    let images: Vec<std::path::PathBuf> = walkdir::WalkDir::new(site.public())
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "png" || e == "webp"))
        .collect();
    let linked: Vec<&std::path::PathBuf> = images
        .iter()
        .filter(|p| cached.contains(&std::fs::metadata(p).unwrap().ino()))
        .collect();
    // Everything but the originals the post links (copied from its bundle) comes from
    // the cache: a card and resized versions at least.
    assert!(linked.len() >= 3, "{images:?}");
    assert!(
        linked.iter().any(|p| p.to_string_lossy().contains("card")),
        "no card among {linked:?}"
    );
    // Deleting the cache leaves the output whole.
    let first = site.tree();
    std::fs::remove_dir_all(&cache).unwrap();
    assert_eq!(site.tree(), first);
}

#[test]
fn an_image_in_a_sections_own_text_gets_its_sizes_and_versions() {
    let site = site();
    site.write("content/posts/map.png", png(1000, 500));
    site.write(
        "content/posts/_index.md",
        "---\ntitle: Posts\n---\n\nWhere we went: ![A map of the route](map.png)\n",
    );
    site.build();
    let doc = site.html("posts/index.html");
    assert_eq!(attr(&doc, "img[alt='A map of the route']", "width"), "1000");
    assert_eq!(attr(&doc, "img[alt='A map of the route']", "height"), "500");
    let srcset = attr(&doc, "img[alt='A map of the route']", "srcset");
    assert!(!candidates(&srcset).is_empty(), "{srcset}");
    for (url, width) in candidates(&srcset) {
        assert_eq!(dimensions(&site, &url), (width, width / 2));
    }
}

#[test]
fn a_changed_image_gets_new_versions() {
    let site = site();
    site.build();
    let srcset = |site: &Site| attr(&site.html("posts/trip/index.html"), "figure img", "srcset");
    let old = srcset(&site);
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write("content/posts/trip/chart.png", png(600, 600));
    site.build();
    let doc = site.html("posts/trip/index.html");
    assert_eq!(attr(&doc, "figure img", "width"), "600");
    let new = srcset(&site);
    assert_ne!(old, new);
    for (url, width) in candidates(&new) {
        assert_eq!(dimensions(&site, &url), (width, width));
    }
}

#[test]
fn a_titled_image_alone_in_its_paragraph_is_a_figure_unless_figures_are_off() {
    let site = site();
    site.build();
    let doc = site.html("posts/trip/index.html");
    assert_eq!(
        crate::common::texts(&doc, "article figure.image > figcaption"),
        ["Sales by year"]
    );
    assert_eq!(doc.select(&sel("p figure")).count(), 0);
    site.write(
        "gloss.toml",
        "title = \"Pictures\"\nbase_url = \"https://example.org/\"\n[images]\nfigures = false\n",
    );
    site.build();
    let doc = site.html("posts/trip/index.html");
    assert_eq!(doc.select(&sel("figure.image")).count(), 0);
    assert_eq!(attr(&doc, "p > picture > img", "title"), "Sales by year");
}

#[test]
fn corrupt_truncated_unsupported_and_oversized_images_are_warnings_and_copied_as_is() {
    let site = site();
    let chart = png(100, 100);
    let truncated = chart[..chart.len() / 2].to_vec();
    site.write("content/posts/bad/truncated.png", &truncated);
    site.write(
        "content/posts/bad/garbage.jpg",
        b"this is not a JPEG at all",
    );
    site.write("content/posts/bad/huge.png", png(200, 200));
    site.write(
        "gloss.toml",
        "title = \"P\"\nbase_url = \"https://example.org/\"\n[images]\nmax_pixels = 30000\n",
    );
    site.write(
        "content/posts/bad/index.md",
        "---\ntitle: Bad\ndate: 2026-11-03\n---\n\n![Cut short](truncated.png)\n\n\
         ![Not an image](garbage.jpg)\n\n![Too big](huge.png)\n",
    );
    let stderr = site.build();
    for (line, name, why) in [
        (6, "truncated.png", "cannot be decoded"),
        (8, "garbage.jpg", "is not in an image format gloss reads"),
        (
            10,
            "huge.png",
            "is 200×200 pixels, more than images.max_pixels (30000)",
        ),
    ] {
        let expected =
            format!("content/posts/bad/index.md:{line}:1: warning: the image {name} {why}");
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
    // Copied as they are, shown without sizes.
    assert_eq!(
        std::fs::read(site.public().join("posts/bad/truncated.png")).unwrap(),
        truncated
    );
    assert_eq!(
        std::fs::read(site.public().join("posts/bad/garbage.jpg")).unwrap(),
        b"this is not a JPEG at all"
    );
    let doc = site.html("posts/bad/index.html");
    assert!(attrs(&doc, "article img", "width").is_empty());
    assert_eq!(doc.select(&sel("article img")).count(), 3);
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header_without_decoding() {
    let site = site();
    // A PNG whose header claims 100,000 × 100,000 pixels (30 GB decoded), with the
    // header's checksum made right again.
    let mut bomb = png(1, 1);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    site.write("content/posts/trip/bomb.png", bomb);
    site.write(
        "content/posts/trip/index.md",
        "---\ntitle: Trip\ndate: 2026-11-01\n---\n\n![Boom](bomb.png)\n",
    );
    let stderr = site.build();
    assert!(
        stderr.contains("the image bomb.png is 100000×100000 pixels, more than images.max_pixels (40000000), so it is not decoded"),
        "{stderr}"
    );
}

#[test]
fn images_without_alt_text_are_warnings_and_gloss_check_reports_them_all() {
    let site = site();
    site.write(
        "content/posts/bare.md",
        "---\ntitle: Bare\ndate: 2026-11-04\n---\n\n![](/img/photo.jpg)\n\nText.\n\n![ ](https://example.com/x.png)\n",
    );
    let stderr = site.build();
    assert!(
        stderr.contains(
            "content/posts/bare.md:6:1: warning: the image /img/photo.jpg has no alt text"
        ),
        "{stderr}"
    );
    let out = assert_cmd::Command::cargo_bin("gloss")
        .unwrap()
        .arg("check")
        .arg("--root")
        .arg(&site.root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("has no alt text"))
        .collect();
    assert_eq!(
        lines,
        [
            "content/posts/bare.md:6:1: warning: the image /img/photo.jpg has no alt text",
            "content/posts/bare.md:10:1: warning: the image https://example.com/x.png has no alt text",
        ],
        "{stderr}"
    );
}

#[test]
fn every_post_gets_a_sharing_image_and_front_matter_image_wins() {
    let site = site();
    site.write(
        "content/posts/chosen.md",
        "---\ntitle: Chosen\ndate: 2026-11-05\nimage: /img/photo.jpg\n---\n\nText.\n",
    );
    site.build();
    let og = |path: &str| attr(&site.html(path), "meta[property=\"og:image\"]", "content");
    // No image of its own: a generated card, 1200×630.
    let card = og("posts/words/index.html");
    let card_path = card.strip_prefix("https://example.org").unwrap();
    assert!(
        card_path.starts_with("/processed_images/card-words."),
        "{card}"
    );
    assert_eq!(dimensions(&site, card_path), (1200, 630));
    // A post with images shows its first; front matter `image` wins.
    assert_eq!(
        og("posts/trip/index.html"),
        "https://example.org/posts/trip/chart.png"
    );
    assert_eq!(
        og("posts/chosen/index.html"),
        "https://example.org/img/photo.jpg"
    );
    // Cards off: none.
    site.write(
        "gloss.toml",
        "title = \"Pictures\"\nbase_url = \"https://example.org/\"\n[images]\ncards = false\n",
    );
    site.build();
    assert_eq!(
        site.html("posts/words/index.html")
            .select(&sel("meta[property=\"og:image\"]"))
            .count(),
        0
    );
}

#[test]
fn the_sharing_card_is_drawn_in_the_configured_colours() {
    let site = site();
    site.write(
        "gloss.toml",
        "title = \"P\"\nbase_url = \"https://example.org/\"\n[images]\ncard_background = \"#102030\"\ncard_accent = \"#ff0000\"\n",
    );
    site.build();
    let card = attr(
        &site.html("posts/words/index.html"),
        "meta[property=\"og:image\"]",
        "content",
    );
    let path = site
        .public()
        .join(card.strip_prefix("https://example.org/").unwrap());
    let img = image::open(path).unwrap().to_rgb8();
    assert_eq!(img.get_pixel(1190, 620).0, [0x10, 0x20, 0x30]);
    assert_eq!(img.get_pixel(4, 300).0, [0xff, 0, 0]);
}

#[test]
fn resize_image_makes_a_fitted_or_filled_version_for_templates() {
    let site = site();
    site.write(
        "templates/page.html",
        "{% set fit = resize_image(path=\"img/photo.jpg\", width=500, height=500) %}\
         {% set fill = resize_image(path=\"/posts/trip/chart.png\", width=300, height=300, op=\"fill\", format=\"webp\") %}\
         <img id=\"fit\" src=\"{{ fit.url }}\" width=\"{{ fit.width }}\" height=\"{{ fit.height }}\">\
         <img id=\"fill\" src=\"{{ fill.url }}\" width=\"{{ fill.width }}\" height=\"{{ fill.height }}\">",
    );
    site.build();
    let doc = site.html("posts/words/index.html");
    let fit = attr(&doc, "#fit", "src");
    assert_eq!(
        (
            attr(&doc, "#fit", "width").as_str(),
            attr(&doc, "#fit", "height").as_str()
        ),
        ("500", "250")
    );
    assert_eq!(dimensions(&site, &fit), (500, 250));
    let fill = attr(&doc, "#fill", "src");
    assert!(fill.ends_with(".webp"), "{fill}");
    assert_eq!(dimensions(&site, &fill), (300, 300));

    // A missing image is a template error naming it.
    site.write(
        "templates/page.html",
        "{% set r = resize_image(path=\"nowhere.png\", width=10) %}{{ r.url }}",
    );
    let out = site.gloss(&[]).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("resize_image: there is no image at nowhere.png"),
        "{stderr}"
    );
}

#[test]
fn gloss_init_ignores_the_cache() {
    let site = empty_site();
    assert_cmd::Command::cargo_bin("gloss")
        .unwrap()
        .arg("init")
        .arg(&site.root)
        .arg("--force")
        .assert()
        .success();
    let ignore = std::fs::read_to_string(site.root.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/.gloss-cache/"), "{ignore}");
}

#[test]
fn a_missing_image_is_a_build_warning_with_the_message_and_place_gloss_check_gives() {
    let site = site();
    // Under a sub-path, where a root-relative image is written with it.
    site.write(
        "gloss.toml",
        "title = \"Pictures\"\nbase_url = \"https://example.org/blog/\"\n",
    );
    site.write(
        "content/posts/gone.md",
        "---\ntitle: Gone\ndate: 2026-11-03\n---\n\nText.\n\n![A chart](missing.png)\n\nAnd ![a photo](/img/nowhere.jpg).\n",
    );
    let stderr = site.build();
    let warnings: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains(": warning: broken "))
        .map(|l| l.replace(": warning: ", ": error: "))
        .collect();
    // Once each, though the post is on the home page, its section and the feeds too;
    // the images that are there (in the bundle, in static/) say nothing.
    assert_eq!(
        warnings,
        [
            "content/posts/gone.md:8:1: error: broken image `missing.png`: there is no image at /blog/posts/gone/missing.png",
            "content/posts/gone.md:10:5: error: broken image `/blog/img/nowhere.jpg`: there is no image at /blog/img/nowhere.jpg",
        ],
        "{stderr}"
    );
    let (errors, check) = site.check_errors();
    assert_eq!(warnings, errors, "{check}");
    assert!(
        stderr.contains("\n  help: check the file name, and that the image is in static/ or beside the post (a page bundle)\n"),
        "{stderr}"
    );
}

#[test]
fn a_missing_image_in_a_section_s_text_is_a_build_warning_at_its_place() {
    let site = site();
    site.write(
        "content/posts/_index.md",
        "---\ntitle: Posts\n---\n\nWhat I read.\n\n![Cover](cover.jpg) and ![here](/img/nowhere.jpg)\n",
    );
    let stderr = site.build();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: broken "))
        .collect();
    // Relative to the section's page, as its list shows it; once, though the section
    // has feeds too.
    assert_eq!(
        warnings,
        [
            "content/posts/_index.md:7:1: warning: broken image `cover.jpg`: there is no image at /posts/cover.jpg",
            "content/posts/_index.md:7:25: warning: broken image `/img/nowhere.jpg`: there is no image at /img/nowhere.jpg",
        ],
        "{stderr}"
    );
    // The page shows the text, with the image as written.
    let list = site.html("posts/index.html");
    assert_eq!(
        attrs(&list, ".intro img", "src"),
        ["cover.jpg", "/img/nowhere.jpg"]
    );
}
