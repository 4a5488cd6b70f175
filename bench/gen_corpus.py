#!/usr/bin/env python3
"""Generates a synthetic bilingual corpus of aid stories, for benchmarks.

    python3 bench/gen_corpus.py --stories N --format shudu|hugo --out DIR
                                [--translated 0.7] [--seed 1] [--photos N] [--photo-size 4000x3000]

The same stories (titles, dates, commands, sectors, figures, text) come out
in shudu's layout (site.yaml, content/, data/indicators.yaml) or in Hugo's
(hugo.toml, content/, layouts/), so the two can be built side by side. The
output is a function of the arguments only: the same arguments give the same
bytes. Nothing is read from outside this script.

The shape follows a real site of this kind: twenty aid commands, eight
sectors, eleven indicators; every story belongs to one command and one to
three sectors and reports two to six figures; about 70% of stories have an
English version; Chinese bodies of five to ten paragraphs (about half of them
hard-wrapped, as text pasted from print), with a heading every third
paragraph and sometimes a list; listings paginated by 20.

`--photos N` (shudu format) writes a generated camera-size JPEG (a gradient
with noise, made by `examples/gen_photos.rs`; nothing is fetched) beside
each of the first N stories, `<slug>.jpg`, and links it from the story's
body (both languages).

Room for more: each kind of content is made by one function (`make_story`,
`chinese_paragraph`…) and written by one emitter per format, so that an
option such as photos beside stories adds a field to the story and a few
lines to each emitter.
"""
import argparse
import random
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# slug, Chinese name, English name, partner (zh), partner (en)
COMMANDS = [
    ("beijing", "北京市援疆和田指挥部", "Beijing Aid Command", "和田地区", "Hotan Prefecture"),
    ("tianjin", "天津市援疆前方指挥部", "Tianjin Aid Command", "和田地区策勒县", "Qira County"),
    ("hebei", "河北省援疆工作前方指挥部", "Hebei Aid Command", "巴音郭楞蒙古自治州", "Bayingolin"),
    ("shanxi", "山西省援疆前方指挥部", "Shanxi Aid Command", "兵团第六师五家渠市", "6th Division, Wujiaqu"),
    ("liaoning", "辽宁省援疆前方指挥部", "Liaoning Aid Command", "塔城地区", "Tacheng Prefecture"),
    ("jilin", "吉林省援疆工作前方指挥部", "Jilin Aid Command", "阿勒泰地区", "Altay Prefecture"),
    ("heilongjiang", "黑龙江省援疆前方指挥部", "Heilongjiang Aid Command", "兵团第十师北屯市", "10th Division, Beitun"),
    ("shanghai", "上海市援疆前方指挥部", "Shanghai Aid Command", "喀什地区", "Kashgar Prefecture"),
    ("jiangsu", "江苏省援疆前方指挥部", "Jiangsu Aid Command", "克孜勒苏柯尔克孜自治州", "Kizilsu"),
    ("zhejiang", "浙江省援疆指挥部", "Zhejiang Aid Command", "阿克苏地区", "Aksu Prefecture"),
    ("taizhou", "台州市援疆指挥部", "Taizhou Aid Command", "兵团第一师阿拉尔市", "1st Division, Alar"),
    ("anhui", "安徽省援疆指挥部", "Anhui Aid Command", "和田地区皮山县", "Pishan County"),
    ("fujian", "福建省援疆前方指挥部", "Fujian Aid Command", "昌吉回族自治州", "Changji"),
    ("jiangxi", "江西省援疆前方指挥部", "Jiangxi Aid Command", "阿克陶县", "Akto County"),
    ("shandong", "山东省援疆前方指挥部", "Shandong Aid Command", "喀什地区疏勒县", "Shule County"),
    ("henan", "河南省援疆前方指挥部", "Henan Aid Command", "哈密市", "Hami"),
    ("hubei", "湖北省援疆前方指挥部", "Hubei Aid Command", "博尔塔拉蒙古自治州", "Bortala"),
    ("hunan", "湖南省援疆前方指挥部", "Hunan Aid Command", "吐鲁番市", "Turpan"),
    ("guangdong", "广东省援疆前方指挥部", "Guangdong Aid Command", "喀什地区疏附县", "Shufu County"),
    ("shenzhen", "深圳市援疆前方指挥部", "Shenzhen Aid Command", "喀什市", "Kashgar City"),
]

SECTORS = [
    ("education", "教育", "Education"),
    ("health", "医疗卫生", "Health"),
    ("industry", "产业", "Industry"),
    ("culture", "文化交流", "Culture"),
    ("tourism", "旅游", "Tourism"),
    ("infrastructure", "基础设施", "Infrastructure"),
    ("employment", "就业", "Employment"),
    ("agriculture", "农业", "Agriculture"),
]

# key, Chinese label, English label, units a story may write its value in
INDICATORS = [
    ("aid_funds", "援疆资金", "Aid funds", ["亿元", "万元"]),
    ("projects", "援疆项目", "Aid projects", ["个"]),
    ("cadres", "援疆干部人才", "Cadres and professionals", ["名"]),
    ("paired_teachers", "结对教师", "Paired teachers", ["人"]),
    ("surgeries", "完成手术", "Surgeries", ["例"]),
    ("trainees", "培训人次", "Training attendances", ["人次"]),
    ("school_pairs", "结对学校", "Paired schools", ["对"]),
    ("produce_sold", "农产品销售", "Produce sold", ["万吨", "吨"]),
    ("visitors", "引客入疆", "Visitors brought in", ["人次", "万人次"]),
    ("jobs", "带动就业", "Jobs created", ["个"]),
    ("orchard_area", "示范园面积", "Demonstration orchards", ["亩"]),
]

# Phrase bank for Chinese sentences: who, did what, where, with what result.
ZH_WHO = ["援疆干部", "援疆教师", "前方指挥部", "专家团队", "援疆医生", "对口支援单位", "挂职干部", "技术人员",
          "援建企业", "帮扶小组", "驻村工作队", "援疆人才"]
ZH_DID = ["深入走访", "组织开展", "牵头推进", "协调落实", "持续实施", "全力保障", "精心谋划", "扎实推进",
          "统筹安排", "积极引进"]
ZH_WHAT = ["结对帮扶工作", "职业技能培训", "远程会诊服务", "产业园区建设", "农产品产销对接", "民族团结联谊活动",
           "乡村振兴示范项目", "教学研讨活动", "基层卫生院改造", "消费帮扶行动", "文化润疆工程", "安居富民工程"]
ZH_WHERE = ["在受援地", "在各乡镇", "在县人民医院", "在产业园", "在第一中学", "在村委会", "在团场连队",
            "在社区服务中心"]
ZH_RESULT = ["取得了明显成效", "受到群众普遍欢迎", "形成了可复制的经验", "有效提升了当地服务能力",
             "进一步增进了民族团结", "为当地发展注入了新动能", "带动了群众增收致富", "实现了预期目标"]
ZH_LINK = ["与此同时，", "今年以来，", "据统计，", "下一步，", "截至目前，", "在此基础上，", "此外，", ""]

EN_WORDS = ("aid command teachers doctors hospital school training project investment funds villagers "
            "orchard cotton textile tourism exchange partner county division cadres workshop surgery "
            "students pairing market sales jobs enterprise water road clinic").split()


def chinese_sentence(rng):
    return (rng.choice(ZH_LINK) + rng.choice(ZH_WHO) + rng.choice(ZH_WHERE) + rng.choice(ZH_DID)
            + rng.choice(ZH_WHAT) + "，" + rng.choice(ZH_RESULT) + "。")


def chinese_paragraph(rng):
    return "".join(chinese_sentence(rng) for _ in range(rng.randint(3, 7)))


def hard_wrap(text, width=38):
    """As pasted from a print layout: a line break every `width` characters."""
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def english_sentence(rng, lo=8, hi=18):
    words = [rng.choice(EN_WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def chinese_body(rng):
    blocks = []
    for k in range(rng.randint(5, 10)):
        if k and k % 3 == 0:
            blocks.append("## " + rng.choice(ZH_WHAT))
        p = chinese_paragraph(rng)
        blocks.append(hard_wrap(p) if rng.random() < 0.5 else p)
    if rng.random() < 0.3:
        blocks.append("\n".join("- " + rng.choice(ZH_WHO) + rng.choice(ZH_DID) + rng.choice(ZH_WHAT)
                                for _ in range(4)))
    return "\n\n".join(blocks)


def english_body(rng):
    blocks = []
    for k in range(rng.randint(4, 8)):
        if k and k % 3 == 0:
            blocks.append("## " + english_sentence(rng, 3, 6).rstrip("."))
        blocks.append(textwrap.fill(" ".join(english_sentence(rng) for _ in range(rng.randint(3, 6))), 78))
    return "\n\n".join(blocks)


def figure_value(rng):
    value = round(rng.uniform(1, 999), rng.choice([0, 1, 2, 4]))
    return int(value) if value == int(value) else value


def make_story(i, rng, translated):
    """Story number `i`: everything both formats need."""
    command = COMMANDS[i % len(COMMANDS)]
    year = 2011 + (i * 7) % 15
    figures = []
    for key, zh, en, units in rng.sample(INDICATORS, rng.randint(2, 6)):
        figures.append(dict(key=key, zh=zh, en=en, value=figure_value(rng), unit=rng.choice(units), year=year))
    title_zh = command[3] + rng.choice(ZH_WHAT) + rng.choice(["见成效", "再上新台阶", "纪实", "侧记", "稳步推进"])
    return dict(
        slug=f"{command[0]}-{year}-{i:06d}",
        command=command[0],
        year=year,
        date=f"{year}-{1 + (i * 5) % 12:02d}-{1 + (i * 11) % 28:02d}",
        sectors=sorted(s[0] for s in rng.sample(SECTORS, rng.randint(1, 3))),
        figures=figures,
        title_zh=f"{title_zh}（{i}）",
        title_en=english_sentence(rng, 4, 9).rstrip("."),
        body_zh=chinese_body(rng),
        body_en=english_body(rng),
        translated=rng.random() < translated,
    )


def quoted(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def figures_yaml(figures, indent):
    pad = " " * indent
    return "".join(
        f"{pad}- key: {f['key']}\n{pad}  label: {{zh: {f['zh']}, en: {f['en']}}}\n"
        f"{pad}  value: {f['value']}\n{pad}  unit: {f['unit']}\n{pad}  year: {f['year']}\n"
        for f in figures)


# ------------------------------------------------------------------ shudu
def emit_shudu(out, stories):
    sectors = "".join(f"  {slug}: {{zh: {zh}, en: {en}}}\n" for slug, zh, en in SECTORS)
    write(out / "site.yaml",
          "base_url: https://aid.example.org\ndefault_language: zh\nlanguages:\n"
          "  zh: {title: 援疆成果数读}\n  en: {title: Xinjiang Aid in Numbers}\n"
          f"paginate: 20\nsectors:\n{sectors}")
    write(out / "data/indicators.yaml",
          "".join(f"{key}:\n  label: {{zh: {zh}, en: {en}}}\n" for key, zh, en, _ in INDICATORS))
    for slug, zh, en, partner_zh, partner_en in COMMANDS:
        write(out / f"content/commands/{slug}.md",
              f"---\nname: {zh}\npartner: {partner_zh}\n---\n{zh}对口支援{partner_zh}。\n")
        write(out / f"content/commands/{slug}.en.md",
              f"---\nname: {en}\npartner: {partner_en}\n---\nThe {en} supports {partner_en}.\n")
    for s in stories:
        folder = out / "content/stories" / str(s["year"])
        head = f"date: {s['date']}\ncommand: {s['command']}\nsectors: [{', '.join(s['sectors'])}]\n"
        write(folder / f"{s['slug']}.md",
              f"---\ntitle: {quoted(s['title_zh'])}\n{head}figures:\n{figures_yaml(s['figures'], 2)}"
              f"---\n{s['body_zh']}\n")
        if s["translated"]:
            write(folder / f"{s['slug']}.en.md", f"---\ntitle: {quoted(s['title_en'])}\n---\n{s['body_en']}\n")


# ------------------------------------------------------------------ Hugo
HUGO_LAYOUTS = {
    "_default/baseof.html":
        '<!doctype html><html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">'
        '<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title></head><body>'
        '<nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></nav>'
        '<main>{{ block "main" . }}{{ end }}</main></body></html>',
    "index.html":
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>'
        '{{ range first 10 (where .Site.RegularPages "Section" "stories") }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}',
    "_default/list.html":
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages.ByDate.Reverse 20 }}<ul>'
        '{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> '
        '<time>{{ .Date.Format "2006-01-02" }}</time> {{ .Summary }}</li>{{ end }}</ul>'
        '{{ with $p.Prev }}<a href="{{ .URL }}">prev</a>{{ end }}'
        '{{ with $p.Next }}<a href="{{ .URL }}">next</a>{{ end }}{{ end }}',
    "_default/single.html":
        '{{ define "title" }}{{ .Title }}{{ end }}{{ define "main" }}<article><h1>{{ .Title }}</h1>'
        '<time>{{ .Date.Format "2006-01-02" }}</time>'
        '{{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Lang }}</a>{{ end }}'
        '{{ with .Params.sectors }}<ul>{{ range . }}'
        '<li><a href="{{ (printf "/sectors/%s/" (urlize .)) | relLangURL }}">{{ . }}</a></li>{{ end }}</ul>{{ end }}'
        '{{ $lang := .Site.Language.Lang }}{{ with .Params.figures }}<dl>{{ range . }}'
        '<dt>{{ index .label $lang | default .label.zh }}</dt><dd>{{ .value }}{{ .unit }} ({{ .year }})</dd>'
        '{{ end }}</dl>{{ end }}{{ .Content }}</article>{{ end }}',
    "_default/terms.html":
        '{{ define "main" }}<ul>{{ range .Data.Terms.Alphabetical }}'
        '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}',
}


def emit_hugo(out, stories):
    write(out / "hugo.toml", textwrap.dedent("""\
        baseURL = "https://aid.example.org/"
        defaultContentLanguage = "zh"
        hasCJKLanguage = true
        [pagination]
        pagerSize = 20
        [taxonomies]
        sector = "sectors"
        [languages.zh]
        title = "援疆成果数读"
        weight = 1
        [languages.en]
        title = "Xinjiang Aid in Numbers"
        weight = 2
        """))
    for name, text in HUGO_LAYOUTS.items():
        write(out / "layouts" / name, text)
    write(out / "content/_index.md", "---\ntitle: 援疆成果数读\n---\n")
    write(out / "content/_index.en.md", "---\ntitle: Xinjiang Aid in Numbers\n---\n")
    for slug, zh, en, partner_zh, partner_en in COMMANDS:
        write(out / f"content/commands/{slug}.md", f"---\ntitle: {zh}\n---\n{zh}对口支援{partner_zh}。\n")
        write(out / f"content/commands/{slug}.en.md", f"---\ntitle: {en}\n---\nThe {en} supports {partner_en}.\n")
    for s in stories:
        folder = out / "content/stories" / str(s["year"])
        head = (f"date: {s['date']}\ncommand: {s['command']}\nsectors: [{', '.join(s['sectors'])}]\n"
                f"figures:\n{figures_yaml(s['figures'], 2)}")
        write(folder / f"{s['slug']}.md", f"---\ntitle: {quoted(s['title_zh'])}\n{head}---\n{s['body_zh']}\n")
        if s["translated"]:
            write(folder / f"{s['slug']}.en.md",
                  f"---\ntitle: {quoted(s['title_en'])}\n{head}---\n{s['body_en']}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--format", choices=["shudu", "hugo"], default="shudu")
    ap.add_argument("--out", required=True, help="the corpus folder (replaced)")
    ap.add_argument("--translated", type=float, default=0.7, help="share of stories with an English version")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--photos", type=int, default=0, help="stories with a generated camera-size JPEG (shudu format)")
    ap.add_argument("--photo-size", default="4000x3000", help="the photos' size, WxH")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    stories = [make_story(i, rng, args.translated) for i in range(args.stories)]
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    {"shudu": emit_shudu, "hugo": emit_hugo}[args.format](out, stories)
    if args.photos and args.format == "shudu":
        add_photos(out, stories[:args.photos], args.photo_size)


def add_photos(out, stories, size):
    """A generated JPEG beside each of `stories`, linked from its body."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["cargo", "run", "--release", "--quiet", "--example", "gen_photos", "--",
                        tmp, str(len(stories)), size], check=True, cwd=ROOT)
        for i, s in enumerate(stories):
            folder = out / "content/stories" / str(s["year"])
            shutil.move(str(Path(tmp) / f"photo-{i}.jpg"), folder / f"{s['slug']}.jpg")
            for name, alt in [(f"{s['slug']}.md", f"生成的测试照片 {i}"), (f"{s['slug']}.en.md", f"Generated test photo {i}")]:
                path = folder / name
                if path.exists():
                    with path.open("a", encoding="utf-8") as f:
                        f.write(f"\n![{alt}]({s['slug']}.jpg)\n")


if __name__ == "__main__":
    main()
