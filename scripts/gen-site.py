#!/usr/bin/env python3
"""Generate a synthetic Chinese site for benchmarks.

    python3 scripts/gen-site.py DIR PAGES [--hugo]

Writes DIR/site.toml and DIR/content/ with PAGES pages of about 2,300 characters of Chinese
Markdown each (headings, lists, a table, links between pages), spread over guides/, cases/ and
courses of 20 lessons. With --hugo, also writes hugo.toml and minimal layouts so Hugo renders the
same content (same TOML front matter between +++ lines).
"""
import os
import random
import sys

WORDS = ("小区 党支部 书记 业委会 物业 管理 指导 委员会 社区 党委 居民 协商 议事 治理 服务 "
         "楼栋长 网格员 志愿者 纠纷 调解 监督 评价 公约 项目 经费 阵地 队伍 培训 党员 群众 "
         "安全 消防 垃圾 分类 停车 电梯 维修 基金 公开 透明 沟通 会议 记录 报备 清单 考核").split()


def sentence(rng):
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))) + "。"


def paragraph(rng, chars):
    out = ""
    while len(out) < chars:
        out += sentence(rng)
    return out


def page_body(rng, i, total, link_prefix):
    parts = []
    for h in range(4):
        parts.append(f"## 第{h + 1}部分 {rng.choice(WORDS)}{rng.choice(WORDS)}\n")
        parts.append(paragraph(rng, 320) + "\n")
        if h == 1:
            parts.append("\n".join(f"- {sentence(rng)}" for _ in range(4)) + "\n")
        if h == 2:
            parts.append("| 项目 | 负责人 | 说明 |\n|---|---|---|\n" + "\n".join(
                f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | {sentence(rng)} |" for _ in range(3)) + "\n")
        other = rng.randrange(total)
        parts.append(f"参见[相关页面]({link_prefix(i, other)})。\n")
    return "\n".join(parts)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    root, total, hugo = sys.argv[1], int(sys.argv[2]), "--hugo" in sys.argv
    rng = random.Random(42)
    content = os.path.join(root, "content")
    # page i → (folder, file name)
    per_course = 20
    n_guides = total * 2 // 5
    n_cases = total * 2 // 5
    places = []
    for i in range(total):
        if i < n_guides:
            places.append(("guides", f"g{i}.md"))
        elif i < n_guides + n_cases:
            places.append(("cases", f"c{i}.md"))
        else:
            k = (i - n_guides - n_cases) // per_course
            places.append((f"courses/k{k}", f"l{i}.md"))

    def link(i, j):
        src_dir, dst = places[i][0], places[j]
        up = "../" * len(src_dir.split("/"))
        return f"{up}{dst[0]}/{dst[1]}"

    sections = {"guides": "政策指引", "cases": "案例", "courses": "课程"}
    for folder, title in sections.items():
        os.makedirs(os.path.join(content, folder), exist_ok=True)
        with open(os.path.join(content, folder, "_index.md"), "w", encoding="utf-8") as f:
            f.write(f'+++\ntitle = "{title}"\n+++\n')
    with open(os.path.join(content, "_index.md"), "w", encoding="utf-8") as f:
        f.write('+++\ntitle = "首页"\n+++\n基准测试站点。\n')
    for folder in sorted({p[0] for p in places if p[0].startswith("courses/")}):
        os.makedirs(os.path.join(content, folder), exist_ok=True)
        with open(os.path.join(content, folder, "_index.md"), "w", encoding="utf-8") as f:
            f.write(f'+++\ntitle = "课程{folder}"\n+++\n')
    for i, (folder, name) in enumerate(places):
        body = page_body(rng, i, total, link)
        with open(os.path.join(content, folder, name), "w", encoding="utf-8") as f:
            f.write(f'+++\ntitle = "页面{i} {rng.choice(WORDS)}"\nweight = {i}\n+++\n\n{body}')
    with open(os.path.join(root, "site.toml"), "w", encoding="utf-8") as f:
        f.write('title = "基准测试"\nid = "bench"\n')
    if hugo:
        with open(os.path.join(root, "hugo.toml"), "w", encoding="utf-8") as f:
            f.write('baseURL = "/"\nlanguageCode = "zh-CN"\ntitle = "基准测试"\nhasCJKLanguage = true\n'
                    'disableKinds = ["RSS", "sitemap", "taxonomy", "term"]\n')
        layouts = os.path.join(root, "layouts", "_default")
        os.makedirs(layouts, exist_ok=True)
        base = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
                '<body><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>'
                '{{ block "main" . }}{{ end }}</body></html>')
        with open(os.path.join(layouts, "baseof.html"), "w") as f:
            f.write(base)
        with open(os.path.join(layouts, "single.html"), "w") as f:
            f.write('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}{{ end }}')
        with open(os.path.join(layouts, "list.html"), "w") as f:
            f.write('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}'
                    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}')
    print(f"generated {total} pages in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
