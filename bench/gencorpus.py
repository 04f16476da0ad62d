#!/usr/bin/env python3
"""Deterministic corpus generator for benchmarking static site generators.

Generates N commentary-style blog posts (Markdown with block quotes, nested
quotes with attribution lines, footnotes, fenced code, links, update notices,
tags, dates) and writes the SAME posts in the layout a given generator expects,
together with a minimal, comparable set of templates:

  --format zola      config.toml, content/{_index.md,posts/_index.md,posts/*.md}, templates/
  --format hugo      config.toml, content/posts/*.md (YAML front matter), layouts/
  --format jekyll    _config.yml, _posts/YYYY-MM-DD-slug.md, _layouts/, index/tag pages
  --format eleventy  eleventy.config.js, posts/*.md (YAML front matter), _includes/, index/tag pages
  --format plain     content/posts/*.md with YAML front matter only (title, date, tags, updated)
  --format gloss     as plain, with `updated` a single date (gloss reads one date there)

Every site renders: one page per post (title, date, tag links, content HTML),
a home page with the latest 20 posts, a plain (unpaginated) list of all posts
at /posts/, a tag index at /tags/ and one page per tag listing its posts.

Python 3 standard library only. Same --seed and -n give byte-identical posts
in every format (only the front matter syntax and file names differ).

Usage:
  python3 gencorpus.py --format hugo -n 1000 --seed 42 --out /tmp/site-hugo
"""

import argparse
import datetime as dt
import os
import random
import shutil
import sys

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

NOUNS = """
policy report committee market budget decision argument council minister
court ruling statute contract agency senator governor election campaign
reader writer editor column essay story headline source document record
economy inflation wage price rent tax deficit surplus growth recession
network platform protocol server database compiler library framework
system process pipeline release version feature bug patch review
community neighbourhood school hospital library museum railway bridge
harbour factory farm river valley forest coast island city village
question answer problem solution theory evidence data sample survey
study analysis estimate forecast model trend pattern signal noise
history archive letter memo transcript interview speech statement
debate hearing inquiry investigation audit lawsuit appeal verdict
journalist historian economist engineer scientist teacher lawyer
official spokesperson analyst critic commentator observer
""".split()

VERBS = """
argue suggest claim note observe report explain describe reveal show
insist concede admit deny question challenge dispute confirm reject
propose consider examine review discuss address ignore overlook
build break change shape drive limit expand reduce increase replace
support oppose defend attack praise criticise follow track measure
publish release announce launch delay cancel approve block extend
""".split()

VERBS_PAST = """
argued suggested claimed noted observed reported explained described
revealed showed insisted conceded admitted denied questioned challenged
disputed confirmed rejected proposed considered examined reviewed
discussed addressed ignored overlooked built changed shaped drove
limited expanded reduced increased replaced supported opposed defended
published released announced launched delayed cancelled approved
""".split()

ADJS = """
new old large small early late public private local national global
economic political legal technical social cultural historical recent
important significant obvious subtle curious strange familiar careful
broad narrow deep shallow quiet loud clear vague honest misleading
modest ambitious practical theoretical plausible unlikely surprising
predictable durable fragile expensive cheap efficient wasteful
""".split()

ADVS = """
quickly slowly quietly openly carefully briefly largely mostly rarely
often frequently occasionally clearly arguably probably certainly
apparently reportedly surprisingly predictably oddly notably
""".split()

PREPS = "in on at about against with without under over between among after before during".split()
DETS = "the a this that every another one some each".split()
CONJS = ["and", "but", "yet", "so", "although", "because", "while", "since"]
OPENERS = [
    "In other words,", "Of course,", "To be fair,", "Still,", "Meanwhile,",
    "As it happens,", "On the other hand,", "For what it is worth,",
    "Put simply,", "Then again,", "Even so,", "At the same time,",
    "In fairness,", "Admittedly,", "Curiously,", "Worse,", "Better still,",
]

FIRST = """Jane John Maria Ahmed Li Priya Tomas Elena Kwame Sofia Daniel Aiko
Oliver Fatima Lucas Ingrid Mateo Chloe Ravi Hannah Samuel Noor Pablo Greta""".split()
LAST = """Doe Smith Garcia Khan Chen Patel Novak Ivanova Mensah Rossi Cohen
Tanaka Brown Haddad Silva Larsen Torres Martin Rao Weber Okafor Ali Ruiz Berg""".split()
OUTLETS = [
    "Example News", "The Daily Sample", "Placeholder Times", "The Mock Review",
    "Fictional Weekly", "The Test Gazette", "Example Journal", "Sample Post",
    "The Demo Herald", "Stub Monthly", "Lorem Observer", "The Draft Record",
]
DOMAINS = ["example.com", "example.org", "example.net", "news.example",
           "journal.example", "blog.example"]

TAGS = """
politics economics law technology science history media culture
education health housing transport energy climate labour trade
courts elections privacy security software programming rust python
javascript open-source books interviews corrections meta
""".split()
assert len(TAGS) == 30, len(TAGS)

ATTRIBUTION_TEMPLATES = [
    "{name} has more at [{outlet}]({url}):",
    "{name} writes at [{outlet}]({url}):",
    "From [{outlet}]({url}), {name} notes:",
    "As {name} put it in [{outlet}]({url}):",
    "{name}, writing for [{outlet}]({url}), argues:",
    "Here is {name} at [{outlet}]({url}):",
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]

# --------------------------------------------------------------------------
# Text generation
# --------------------------------------------------------------------------


class Gen:
    def __init__(self, rng):
        self.r = rng

    def c(self, seq):
        return self.r.choice(seq)

    def name(self):
        return "%s %s" % (self.c(FIRST), self.c(LAST))

    def url(self):
        path = "/".join(self.c(NOUNS) for _ in range(self.r.randint(1, 3)))
        return "https://%s/%s/%d" % (self.c(DOMAINS), path, self.r.randint(1, 99999))

    def noun_phrase(self):
        r = self.r.random()
        if r < 0.35:
            return "%s %s" % (self.c(DETS), self.c(NOUNS))
        if r < 0.75:
            return "%s %s %s" % (self.c(DETS), self.c(ADJS), self.c(NOUNS))
        return "%s %s %s %s" % (self.c(DETS), self.c(NOUNS), self.c(PREPS), self.c(NOUNS))

    def clause(self):
        r = self.r.random()
        if r < 0.3:
            return "%s %s %s" % (self.noun_phrase(), self.c(VERBS_PAST), self.noun_phrase())
        if r < 0.55:
            return "%s %s %s %s %s" % (self.noun_phrase(), self.c(ADVS), self.c(VERBS_PAST),
                                       self.noun_phrase(), self.c(PREPS) + " " + self.noun_phrase())
        if r < 0.75:
            return "%s will %s %s" % (self.noun_phrase(), self.c(VERBS), self.noun_phrase())
        if r < 0.9:
            return "%s %s that %s %s %s" % (self.name(), self.c(VERBS_PAST), self.noun_phrase(),
                                            self.c(VERBS_PAST), self.noun_phrase())
        return "it is %s %s that %s %s" % (self.c(ADVS), self.c(ADJS), self.noun_phrase(),
                                            self.c(VERBS_PAST))

    def inline_decorate(self, words):
        """Occasionally add emphasis, strong or inline code to a word."""
        out = []
        for w in words:
            x = self.r.random()
            if x < 0.012:
                w = "*%s*" % w
            elif x < 0.018:
                w = "**%s**" % w
            elif x < 0.021:
                w = "`%s`" % w
            out.append(w)
        return out

    def sentence(self):
        s = self.clause()
        if self.r.random() < 0.35:
            s = "%s %s %s" % (s, self.c(CONJS), self.clause())
        if self.r.random() < 0.2:
            opener = self.c(OPENERS)
            s = opener + " " + s
        else:
            s = s[0].upper() + s[1:]
        words = self.inline_decorate(s.split())
        end = "." if self.r.random() < 0.88 else ("?" if self.r.random() < 0.6 else "!")
        return " ".join(words) + end

    def paragraph(self, lo=3, hi=6):
        return " ".join(self.sentence() for _ in range(self.r.randint(lo, hi)))

    def link(self):
        text = "%s %s" % (self.c(ADJS), self.c(NOUNS))
        return "[%s](%s)" % (text, self.url())

    def title(self):
        n = self.r.randint(3, 7)
        words = []
        pools = [ADJS, NOUNS, NOUNS, VERBS, ADVS]
        for i in range(n):
            words.append(self.c(pools[i % len(pools)]))
        t = " ".join(w.capitalize() if len(w) > 3 or i == 0 else w for i, w in enumerate(words))
        if self.r.random() < 0.25:
            t = "On " + t
        return t

    def code_block(self):
        lang = self.c(["rust", "python", "js"])
        a, b, c = self.c(NOUNS), self.c(NOUNS), self.c(VERBS)
        n = self.r.randint(2, 40)
        if lang == "rust":
            body = (
                "use std::collections::HashMap;\n\n"
                "/// Count each %s by its %s.\n"
                "fn %s_%s(items: &[(String, u32)]) -> HashMap<String, u32> {\n"
                "    let mut out = HashMap::new();\n"
                "    for (key, value) in items.iter() {\n"
                "        *out.entry(key.clone()).or_insert(0) += value * %d;\n"
                "    }\n"
                "    out\n"
                "}\n\n"
                "fn main() {\n"
                "    let v = vec![(\"%s\".to_string(), %d)];\n"
                "    println!(\"{:?}\", %s_%s(&v));\n"
                "}\n" % (a, b, c, a, n, b, n, c, a)
            )
        elif lang == "python":
            body = (
                "import collections\n\n"
                "def %s_%s(items, factor=%d):\n"
                "    \"\"\"Count each %s by its %s.\"\"\"\n"
                "    out = collections.Counter()\n"
                "    for key, value in items:\n"
                "        out[key] += value * factor\n"
                "    return out\n\n"
                "if __name__ == \"__main__\":\n"
                "    print(%s_%s([(\"%s\", %d)]))\n" % (c, a, n, a, b, c, a, b, n)
            )
        else:
            body = (
                "// Count each %s by its %s.\n"
                "function %s%s(items, factor = %d) {\n"
                "  const out = new Map();\n"
                "  for (const [key, value] of items) {\n"
                "    out.set(key, (out.get(key) || 0) + value * factor);\n"
                "  }\n"
                "  return out;\n"
                "}\n\n"
                "console.log(%s%s([[\"%s\", %d]]));\n" % (a, b, c, a.capitalize(), n, c,
                                                         a.capitalize(), b, n)
            )
        return "```%s\n%s```" % (lang, body)

    def blockquote(self, nested):
        lines = []
        paras = [self.paragraph(2, 4) for _ in range(self.r.randint(1, 2))]
        for i, p in enumerate(paras):
            if i:
                lines.append(">")
            lines.append("> " + p)
        if nested:
            lines.append(">")
            lines.append("> > " + self.paragraph(1, 3))
            if self.r.random() < 0.3:
                lines.append("> >")
                lines.append("> > " + self.paragraph(1, 2))
            lines.append(">")
            lines.append("> " + self.paragraph(1, 2))
        return "\n".join(lines)


def make_post(i, n_total, rng):
    g = Gen(rng)
    title = g.title()
    slug_words = [w.lower() for w in title.split()][:5]
    slug = "-".join(slug_words) + "-%05d" % i
    # Dates spread over 2010-01-01 .. ~2025, in index order, deterministic.
    start = dt.date(2010, 1, 1)
    span_days = 365 * 15
    day = int(i * span_days / max(n_total, 1))
    date = start + dt.timedelta(days=day)
    tags = sorted(rng.sample(TAGS, rng.randint(2, 3)))

    target_words = rng.randint(600, 1200)
    n_quotes = rng.randint(2, 4)
    n_notes = rng.randint(1, 3)
    has_code = rng.random() < 1.0 / 3.0
    has_update = rng.random() < 0.25
    n_links = rng.randint(1, 2)

    blocks = []
    words = 0

    def add(text):
        nonlocal words
        blocks.append(text)
        words += len(text.split())

    # Plan where quotes / footnote refs / links / code go among paragraphs.
    est_paras = max(5, target_words // 110)
    quote_slots = sorted(rng.sample(range(1, est_paras), min(n_quotes, est_paras - 1)))
    note_slots = sorted(rng.sample(range(0, est_paras), min(n_notes, est_paras)))
    link_slots = sorted(rng.sample(range(0, est_paras), min(n_links, est_paras)))
    code_slot = rng.randint(1, est_paras - 1) if has_code else -1

    note_no = 0
    p_index = 0
    while words < target_words - 80 or p_index < est_paras:
        para = g.paragraph()
        if p_index in link_slots:
            para = para + " See the " + g.link() + " for details."
        while note_no < len(note_slots) and note_slots[note_no] == p_index:
            note_no += 1
            # attach the reference to the end of the first sentence
            cut = para.find(". ")
            if cut > 0:
                para = para[:cut + 1] + "[^%d]" % note_no + para[cut + 1:]
            else:
                para = para + "[^%d]" % note_no
        add(para)
        if p_index in quote_slots:
            if rng.random() < 0.6:
                add(g.c(ATTRIBUTION_TEMPLATES).format(name=g.name(), outlet=g.c(OUTLETS),
                                                      url=g.url()))
            add(g.blockquote(nested=rng.random() < 0.35))
        if p_index == code_slot:
            add(g.code_block())
        p_index += 1
        if p_index > 60:
            break
    # footnote references not yet placed (short posts): put them on the last paragraph
    while note_no < n_notes:
        note_no += 1
        blocks[-1] = blocks[-1] + "[^%d]" % note_no

    updated = []
    if has_update:
        udate = date + dt.timedelta(days=rng.randint(1, 400))
        updated.append(udate)
        upd = "**Update, %s %d, %d:** %s" % (MONTHS[udate.month - 1], udate.day, udate.year,
                                              g.paragraph(1, 3))
        if rng.random() < 0.5:
            blocks.insert(0, upd)
        else:
            blocks.append(upd)

    for k in range(1, n_notes + 1):
        note = g.sentence()
        if rng.random() < 0.4:
            note += " " + g.link() + "."
        blocks.append("[^%d]: %s" % (k, note))

    body = "\n\n".join(blocks) + "\n"
    return {
        "i": i, "title": title, "slug": slug, "date": date, "tags": tags,
        "updated": updated, "body": body,
    }


def generate(n, seed):
    rng = random.Random(seed)
    for i in range(n):
        yield make_post(i, n, rng)


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------

def q(s):
    """Double-quoted string valid in both TOML and YAML (titles are plain ASCII)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def yaml_front(p, extra=()):
    lines = ["---", "title: " + q(p["title"]), "date: " + p["date"].isoformat(),
             "tags: [" + ", ".join(q(t) for t in p["tags"]) + "]"]
    lines.extend(extra)
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# ---- zola ----------------------------------------------------------------

ZOLA_CONFIG = """base_url = "https://example.com"
title = "Commentary benchmark"
compile_sass = false
build_search_index = false
generate_feeds = false
taxonomies = [ { name = "tags" } ]

[markdown]
# Zola >= 0.22 highlights with giallo when a theme is set here.
# (Zola <= 0.21 used `highlight_code = true` directly under [markdown].)

[markdown.highlighting]
theme = "monokai"
"""

ZOLA_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock title %}</title></head>
<body><header><a href="{{ config.base_url }}/">{{ config.title }}</a> | <a href="{{ config.base_url }}/posts/">All posts</a> | <a href="{{ config.base_url }}/tags/">Tags</a></header>
<main>{% block content %}{% endblock content %}</main>
</body></html>
""",
    "index.html": """{% extends "base.html" %}
{% block content %}
<h1>Latest posts</h1>
{% set posts = get_section(path="posts/_index.md") %}
<ul>
{% for p in posts.pages | slice(end=20) %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>
{% endfor %}</ul>
{% endblock content %}
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
<ul>
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>
{% endfor %}</ul>
{% endblock content %}
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock title %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p><time>{{ page.date }}</time>{% if page.updated %} (updated <time>{{ page.updated }}</time>){% endif %}</p>
<p>Tags: {% for t in page.taxonomies.tags %}<a href="{{ get_taxonomy_url(kind="tags", name=t) }}">{{ t }}</a> {% endfor %}</p>
{{ page.content | safe }}
</article>
{% endblock content %}
""",
    "tags/list.html": """{% extends "base.html" %}
{% block content %}
<h1>Tags</h1>
<ul>
{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a> ({{ term.page_count }})</li>
{% endfor %}</ul>
{% endblock content %}
""",
    "tags/single.html": """{% extends "base.html" %}
{% block title %}{{ term.name }}{% endblock title %}
{% block content %}
<h1>Tag: {{ term.name }}</h1>
<ul>
{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>
{% endfor %}</ul>
{% endblock content %}
""",
}


def write_zola(out, posts):
    write(os.path.join(out, "config.toml"), ZOLA_CONFIG)
    write(os.path.join(out, "content", "_index.md"), '+++\ntitle = "Home"\n+++\n')
    write(os.path.join(out, "content", "posts", "_index.md"),
          '+++\ntitle = "All posts"\nsort_by = "date"\ntemplate = "section.html"\n+++\n')
    for name, text in ZOLA_TEMPLATES.items():
        write(os.path.join(out, "templates", name), text)
    os.makedirs(os.path.join(out, "static"), exist_ok=True)
    for p in posts:
        fm = ["+++", "title = " + q(p["title"]), "date = " + p["date"].isoformat()]
        if p["updated"]:
            fm.append("updated = " + p["updated"][-1].isoformat())
        fm.append("")
        fm.append("[taxonomies]")
        fm.append("tags = [" + ", ".join(q(t) for t in p["tags"]) + "]")
        fm.append("+++")
        write(os.path.join(out, "content", "posts", p["slug"] + ".md"),
              "\n".join(fm) + "\n\n" + p["body"])


# ---- hugo ----------------------------------------------------------------

HUGO_CONFIG = """baseURL = "https://example.com/"
title = "Commentary benchmark"
languageCode = "en"
# RSS is off to match the other peers' defaults (zola: generate_feeds = false).
disableKinds = ["RSS"]

[taxonomies]
  tag = "tags"

# Hugo's default: goldmark with footnotes, chroma highlighting with inline styles.
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> | <a href="{{ "/posts/" | relURL }}">All posts</a> | <a href="{{ "/tags/" | relURL }}">Tags</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
""",
    "_default/single.html": """{{ define "title" }}{{ .Title }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time>{{ if not (.Lastmod.Equal .Date) }} (updated <time>{{ .Lastmod.Format "2006-01-02" }}</time>){{ end }}</p>
<p>Tags: {{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "title" }}{{ .Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}
<h1>Tags</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>Latest posts</h1>
<ul>
{{ range first 20 (where .Site.RegularPages "Section" "posts").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
{{ end }}
""",
}


def write_hugo(out, posts):
    write(os.path.join(out, "config.toml"), HUGO_CONFIG)
    write(os.path.join(out, "content", "posts", "_index.md"), '---\ntitle: "All posts"\n---\n')
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(out, "layouts", name), text)
    for p in posts:
        extra = ["lastmod: " + p["updated"][-1].isoformat()] if p["updated"] else []
        write(os.path.join(out, "content", "posts", p["slug"] + ".md"), yaml_front(p, extra) + p["body"])


# ---- jekyll --------------------------------------------------------------

JEKYLL_CONFIG = """title: "Commentary benchmark"
url: "https://example.com"
markdown: kramdown
kramdown:
  input: GFM
  syntax_highlighter: rouge
highlighter: rouge
permalink: /posts/:title/
exclude: [gencorpus.py]
"""

JEKYLL_FILES = {
    "_layouts/default.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ page.title | default: site.title }}</title></head>
<body><header><a href="{{ "/" | relative_url }}">{{ site.title }}</a> | <a href="{{ "/posts/" | relative_url }}">All posts</a> | <a href="{{ "/tags/" | relative_url }}">Tags</a></header>
<main>{{ content }}</main>
</body></html>
""",
    "_layouts/post.html": """---
layout: default
---
<article>
<h1>{{ page.title }}</h1>
<p><time>{{ page.date | date: "%Y-%m-%d" }}</time>{% if page.updated %} (updated <time>{{ page.updated | date: "%Y-%m-%d" }}</time>){% endif %}</p>
<p>Tags: {% for t in page.tags %}<a href="{{ "/tags/" | append: t | append: "/" | relative_url }}">{{ t }}</a> {% endfor %}</p>
{{ content }}
</article>
""",
    "_layouts/tag.html": """---
layout: default
---
<h1>Tag: {{ page.tag }}</h1>
<ul>
{% for p in site.tags[page.tag] %}<li><a href="{{ p.url | relative_url }}">{{ p.title }}</a> <time>{{ p.date | date: "%Y-%m-%d" }}</time></li>
{% endfor %}</ul>
""",
    "index.html": """---
layout: default
title: Home
---
<h1>Latest posts</h1>
<ul>
{% for p in site.posts limit:20 %}<li><a href="{{ p.url | relative_url }}">{{ p.title }}</a> <time>{{ p.date | date: "%Y-%m-%d" }}</time></li>
{% endfor %}</ul>
""",
    "posts/index.html": """---
layout: default
title: All posts
---
<h1>All posts</h1>
<ul>
{% for p in site.posts %}<li><a href="{{ p.url | relative_url }}">{{ p.title }}</a> <time>{{ p.date | date: "%Y-%m-%d" }}</time></li>
{% endfor %}</ul>
""",
    "tags/index.html": """---
layout: default
title: Tags
---
<h1>Tags</h1>
<ul>
{% assign tags = site.tags | sort %}{% for t in tags %}<li><a href="{{ "/tags/" | append: t[0] | append: "/" | relative_url }}">{{ t[0] }}</a> ({{ t[1].size }})</li>
{% endfor %}</ul>
""",
}


def write_jekyll(out, posts):
    write(os.path.join(out, "_config.yml"), JEKYLL_CONFIG)
    for name, text in JEKYLL_FILES.items():
        write(os.path.join(out, name), text)
    used = set()
    for p in posts:
        used.update(p["tags"])
        extra = ["layout: post"]
        if p["updated"]:
            extra.append("updated: " + p["updated"][-1].isoformat())
        fname = "%s-%s.md" % (p["date"].isoformat(), p["slug"])
        write(os.path.join(out, "_posts", fname), yaml_front(p, extra) + p["body"])
    # Jekyll has no built-in tag pages (jekyll-archives is a plugin): one stub per tag.
    for t in sorted(used):
        write(os.path.join(out, "tags", t + ".html"),
              "---\nlayout: tag\ntitle: %s\ntag: %s\npermalink: /tags/%s/\n---\n" % (q(t), q(t), t))


# ---- eleventy ------------------------------------------------------------

ELEVENTY_CONFIG = """// Eleventy 3.x config (CommonJS). markdown-it has no footnote support by default:
// markdown-it-footnote is used when it can be resolved (install it next to @11ty/eleventy).
module.exports = function (eleventyConfig) {
  try {
    const fn = require("markdown-it-footnote");
    eleventyConfig.amendLibrary("md", (md) => md.use(fn));
  } catch (e) {
    console.warn("[gencorpus] markdown-it-footnote not found; footnotes render as text");
  }
  eleventyConfig.addCollection("posts", (api) =>
    api.getFilteredByGlob("posts/*.md").sort((a, b) => b.date - a.date)
  );
  eleventyConfig.addCollection("tagList", (api) => {
    const s = new Set();
    for (const item of api.getFilteredByGlob("posts/*.md")) for (const t of item.data.tags || []) s.add(t);
    return [...s].sort();
  });
  eleventyConfig.addFilter("ymd", (d) => new Date(d).toISOString().slice(0, 10));
  return { dir: { input: ".", includes: "_includes", output: "_site" } };
};
"""

ELEVENTY_FILES = {
    "_includes/base.njk": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title or "Commentary benchmark" }}</title></head>
<body><header><a href="/">Commentary benchmark</a> | <a href="/posts/">All posts</a> | <a href="/tags/">Tags</a></header>
<main>{{ content | safe }}</main>
</body></html>
""",
    "_includes/post.njk": """---
layout: base.njk
---
<article>
<h1>{{ title }}</h1>
<p><time>{{ page.date | ymd }}</time>{% if updated %} (updated <time>{{ updated | ymd }}</time>){% endif %}</p>
<p>Tags: {% for t in tags %}<a href="/tags/{{ t | slugify }}/">{{ t }}</a> {% endfor %}</p>
{{ content | safe }}
</article>
""",
    "posts/posts.json": '{ "layout": "post.njk", "permalink": "/posts/{{ page.fileSlug }}/" }\n',
    "index.njk": """---
layout: base.njk
title: Home
---
<h1>Latest posts</h1>
<ul>
{% for p in collections.posts.slice(0, 20) %}<li><a href="{{ p.url }}">{{ p.data.title }}</a> <time>{{ p.date | ymd }}</time></li>
{% endfor %}</ul>
""",
    "all-posts.njk": """---
layout: base.njk
title: All posts
permalink: /posts/
---
<h1>All posts</h1>
<ul>
{% for p in collections.posts %}<li><a href="{{ p.url }}">{{ p.data.title }}</a> <time>{{ p.date | ymd }}</time></li>
{% endfor %}</ul>
""",
    "tags-index.njk": """---
layout: base.njk
title: Tags
permalink: /tags/
---
<h1>Tags</h1>
<ul>
{% for t in collections.tagList %}<li><a href="/tags/{{ t | slugify }}/">{{ t }}</a> ({{ collections[t].length }})</li>
{% endfor %}</ul>
""",
    "tag.njk": """---
layout: base.njk
pagination:
  data: collections.tagList
  size: 1
  alias: tag
permalink: /tags/{{ tag | slugify }}/
eleventyComputed:
  title: "Tag: {{ tag }}"
---
<h1>Tag: {{ tag }}</h1>
<ul>
{% for p in collections[tag] | reverse %}<li><a href="{{ p.url }}">{{ p.data.title }}</a> <time>{{ p.date | ymd }}</time></li>
{% endfor %}</ul>
""",
}


def write_eleventy(out, posts):
    write(os.path.join(out, "eleventy.config.js"), ELEVENTY_CONFIG)
    # Make the site folder CommonJS regardless of any package.json above it.
    write(os.path.join(out, "package.json"), '{ "private": true, "type": "commonjs" }\n')
    for name, text in ELEVENTY_FILES.items():
        write(os.path.join(out, name), text)
    for p in posts:
        extra = ["updated: " + p["updated"][-1].isoformat()] if p["updated"] else []
        write(os.path.join(out, "posts", p["slug"] + ".md"), yaml_front(p, extra) + p["body"])


# ---- plain and gloss -------------------------------------------------------

def write_plain(out, posts):
    for p in posts:
        extra = []
        if p["updated"]:
            extra.append("updated: [" + ", ".join(d.isoformat() for d in p["updated"]) + "]")
        write(os.path.join(out, "content", "posts", p["slug"] + ".md"), yaml_front(p, extra) + p["body"])


def write_gloss(out, posts):
    """plain, with `updated` as one date (gloss's front matter key) and the theme's
    templates: gloss needs no template files for this site."""
    for p in posts:
        extra = ["updated: " + p["updated"][-1].isoformat()] if p["updated"] else []
        write(os.path.join(out, "content", "posts", p["slug"] + ".md"), yaml_front(p, extra) + p["body"])


WRITERS = {
    "zola": write_zola, "hugo": write_hugo, "jekyll": write_jekyll,
    "eleventy": write_eleventy, "plain": write_plain, "gloss": write_gloss,
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--format", required=True, choices=sorted(WRITERS))
    ap.add_argument("-n", type=int, default=1000, help="number of posts (default 1000)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", required=True, help="output folder (must not exist, or use --force)")
    ap.add_argument("--force", action="store_true", help="delete --out first if it exists")
    args = ap.parse_args(argv)

    if os.path.exists(args.out):
        if not args.force:
            ap.error("%s exists (use --force to replace it)" % args.out)
        shutil.rmtree(args.out)
    os.makedirs(args.out)

    posts = list(generate(args.n, args.seed))
    WRITERS[args.format](args.out, posts)
    words = sum(len(p["body"].split()) for p in posts)
    size = sum(len(p["body"].encode()) for p in posts)
    print("%s: %d posts, %d words of Markdown body (%.1f MB), seed %d -> %s"
          % (args.format, len(posts), words, size / 1e6, args.seed, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
