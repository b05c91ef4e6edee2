"""Realistic demo names per nationality, each part with its katakana reading.

Japanese HR keeps a katakana reading for every employee, foreigners included,
so each pool pairs the written name with how a Japanese colleague reads it.
Names are data, not interface text: they are never translated.
"""

import random
from dataclasses import dataclass

Part = tuple[str, str]  # (written, katakana reading)


@dataclass(frozen=True)
class NamePool:
    """How one nationality's names are built.

    ``family_first``: the family name is written first (Japanese, Vietnamese,
    Chinese). ``middles``: Vietnamese middle names by gender.
    """

    families: tuple[Part, ...]
    male: tuple[Part, ...]
    female: tuple[Part, ...]
    family_first: bool
    separator: str = " "
    middles_male: tuple[Part, ...] = ()
    middles_female: tuple[Part, ...] = ()


JAPANESE = NamePool(
    families=(
        ("佐藤", "サトウ"),
        ("鈴木", "スズキ"),
        ("高橋", "タカハシ"),
        ("田中", "タナカ"),
        ("伊藤", "イトウ"),
        ("渡辺", "ワタナベ"),
        ("山本", "ヤマモト"),
        ("中村", "ナカムラ"),
        ("小林", "コバヤシ"),
        ("加藤", "カトウ"),
        ("吉田", "ヨシダ"),
        ("山田", "ヤマダ"),
        ("佐々木", "ササキ"),
        ("山口", "ヤマグチ"),
        ("松本", "マツモト"),
        ("井上", "イノウエ"),
        ("木村", "キムラ"),
        ("林", "ハヤシ"),
        ("斎藤", "サイトウ"),
        ("清水", "シミズ"),
        ("山崎", "ヤマザキ"),
        ("森", "モリ"),
        ("池田", "イケダ"),
        ("橋本", "ハシモト"),
        ("阿部", "アベ"),
        ("石川", "イシカワ"),
        ("前田", "マエダ"),
        ("藤田", "フジタ"),
        ("後藤", "ゴトウ"),
        ("岡田", "オカダ"),
        ("長谷川", "ハセガワ"),
        ("村上", "ムラカミ"),
        ("近藤", "コンドウ"),
        ("坂本", "サカモト"),
        ("遠藤", "エンドウ"),
        ("青木", "アオキ"),
        ("西村", "ニシムラ"),
        ("福田", "フクダ"),
        ("太田", "オオタ"),
        ("三浦", "ミウラ"),
        ("杉山", "スギヤマ"),
        ("大石", "オオイシ"),
        ("河合", "カワイ"),
        ("野口", "ノグチ"),
        ("丸山", "マルヤマ"),
    ),
    male=(
        ("翔太", "ショウタ"),
        ("大輔", "ダイスケ"),
        ("健太", "ケンタ"),
        ("拓也", "タクヤ"),
        ("誠", "マコト"),
        ("浩二", "コウジ"),
        ("隆", "タカシ"),
        ("直樹", "ナオキ"),
        ("和也", "カズヤ"),
        ("達也", "タツヤ"),
        ("悠斗", "ユウト"),
        ("蓮", "レン"),
        ("大翔", "ヒロト"),
        ("修", "オサム"),
        ("博之", "ヒロユキ"),
        ("剛", "ツヨシ"),
        ("一郎", "イチロウ"),
        ("健一", "ケンイチ"),
        ("正樹", "マサキ"),
        ("亮", "リョウ"),
    ),
    female=(
        ("陽子", "ヨウコ"),
        ("美咲", "ミサキ"),
        ("恵", "メグミ"),
        ("由美", "ユミ"),
        ("麻衣", "マイ"),
        ("彩", "アヤ"),
        ("愛", "アイ"),
        ("真由美", "マユミ"),
        ("智子", "トモコ"),
        ("直美", "ナオミ"),
        ("結衣", "ユイ"),
        ("さくら", "サクラ"),
        ("千尋", "チヒロ"),
        ("京子", "キョウコ"),
        ("裕子", "ユウコ"),
    ),
    family_first=True,
)

BRAZILIAN = NamePool(
    families=(
        ("Silva", "シルバ"),
        ("Santos", "サントス"),
        ("Oliveira", "オリヴェイラ"),
        ("Souza", "ソウザ"),
        ("Pereira", "ペレイラ"),
        ("Costa", "コスタ"),
        ("Ferreira", "フェヘイラ"),
        ("Rodrigues", "ホドリゲス"),
        ("Almeida", "アルメイダ"),
        ("Nakamura", "ナカムラ"),
        ("Yamamoto", "ヤマモト"),
        ("Higa", "ヒガ"),
        ("Lima", "リマ"),
        ("Carvalho", "カルヴァーリョ"),
    ),
    male=(
        ("Lucas", "ルーカス"),
        ("Gabriel", "ガブリエル"),
        ("Rafael", "ハファエル"),
        ("Mateus", "マテウス"),
        ("Felipe", "フェリペ"),
        ("Thiago", "チアゴ"),
        ("Bruno", "ブルーノ"),
        ("Leandro", "レアンドロ"),
        ("Diego", "ジエゴ"),
        ("Marcelo", "マルセロ"),
    ),
    female=(
        ("Ana", "アナ"),
        ("Juliana", "ジュリアナ"),
        ("Fernanda", "フェルナンダ"),
        ("Camila", "カミラ"),
        ("Beatriz", "ベアトリス"),
        ("Larissa", "ラリッサ"),
        ("Mariana", "マリアナ"),
        ("Patrícia", "パトリシア"),
    ),
    family_first=False,
)

VIETNAMESE = NamePool(
    families=(
        ("Nguyễn", "グエン"),
        ("Trần", "チャン"),
        ("Lê", "レ"),
        ("Phạm", "ファム"),
        ("Hoàng", "ホアン"),
        ("Vũ", "ヴ"),
        ("Đặng", "ダン"),
        ("Bùi", "ブイ"),
        ("Đỗ", "ド"),
        ("Ngô", "ゴ"),
        ("Dương", "ズオン"),
    ),
    male=(
        ("Bình", "ビン"),
        ("Cường", "クオン"),
        ("Dũng", "ズン"),
        ("Hùng", "フン"),
        ("Nam", "ナム"),
        ("Tuấn", "トゥアン"),
        ("Long", "ロン"),
        ("Phúc", "フック"),
        ("Khoa", "コア"),
        ("Sơn", "ソン"),
    ),
    female=(
        ("Hương", "フオン"),
        ("Lan", "ラン"),
        ("Linh", "リン"),
        ("Mai", "マイ"),
        ("Thảo", "タオ"),
        ("Trang", "チャン"),
        ("Ngọc", "ゴック"),
        ("Hà", "ハー"),
        ("Yến", "イエン"),
        ("Vy", "ヴィ"),
    ),
    family_first=True,
    middles_male=(("Văn", "ヴァン"), ("Đức", "ドゥック"), ("Quốc", "クオック"), ("Minh", "ミン")),
    middles_female=(("Thị", "ティ"), ("Thanh", "タイン"), ("Ngọc", "ゴック"), ("Thu", "トゥ")),
)

CHINESE = NamePool(
    families=(
        ("王", "ワン"),
        ("李", "リー"),
        ("张", "チャン"),
        ("刘", "リウ"),
        ("陈", "チェン"),
        ("杨", "ヤン"),
        ("赵", "チャオ"),
        ("黄", "ホアン"),
        ("周", "チョウ"),
        ("吴", "ウー"),
    ),
    male=(("伟", "ウェイ"), ("磊", "レイ"), ("强", "チアン"), ("军", "ジュン"), ("杰", "ジエ"), ("浩然", "ハオラン")),
    female=(("芳", "ファン"), ("娜", "ナー"), ("敏", "ミン"), ("静", "ジン"), ("婷", "ティン"), ("秀英", "シウイン")),
    family_first=True,
)

FILIPINO = NamePool(
    families=(
        ("Santos", "サントス"),
        ("Reyes", "レイエス"),
        ("Cruz", "クルス"),
        ("Bautista", "バウティスタ"),
        ("Garcia", "ガルシア"),
        ("Mendoza", "メンドーサ"),
        ("Dela Cruz", "デラクルス"),
        ("Villanueva", "ビリャヌエバ"),
        ("Aquino", "アキノ"),
        ("Ramos", "ラモス"),
    ),
    male=(
        ("Jose", "ホセ"),
        ("Mark", "マーク"),
        ("John Paul", "ジョン ポール"),
        ("Angelo", "アンジェロ"),
        ("Ronaldo", "ロナルド"),
        ("Jericho", "ジェリコ"),
    ),
    female=(
        ("Maria", "マリア"),
        ("Mary Grace", "メアリー グレース"),
        ("Kristine", "クリスティン"),
        ("Joy", "ジョイ"),
        ("Rowena", "ロウェナ"),
        ("Rhea", "レア"),
    ),
    family_first=False,
)

INDONESIAN = NamePool(
    families=(
        ("Santoso", "サントソ"),
        ("Wijaya", "ウィジャヤ"),
        ("Saputra", "サプトラ"),
        ("Pratama", "プラタマ"),
        ("Hidayat", "ヒダヤット"),
        ("Setiawan", "スティアワン"),
        ("Kurniawan", "クルニアワン"),
        ("Nugroho", "ヌグロホ"),
        ("Lestari", "レスタリ"),
        ("Rahmawati", "ラフマワティ"),
    ),
    male=(
        ("Budi", "ブディ"),
        ("Agus", "アグス"),
        ("Eko", "エコ"),
        ("Rizky", "リズキ"),
        ("Fajar", "ファジャル"),
        ("Ahmad", "アフマド"),
        ("Wahyu", "ワフユ"),
    ),
    female=(("Siti", "シティ"), ("Dewi", "デウィ"), ("Putri", "プトリ"), ("Nur", "ヌル"), ("Ayu", "アユ")),
    family_first=False,
)

ENGLISH = NamePool(
    families=(
        ("Carter", "カーター"),
        ("Smith", "スミス"),
        ("Brown", "ブラウン"),
        ("Wilson", "ウィルソン"),
        ("Sharma", "シャルマ"),
        ("Patel", "パテル"),
        ("Taylor", "テイラー"),
        ("Evans", "エヴァンス"),
    ),
    male=(("James", "ジェームズ"), ("Michael", "マイケル"), ("David", "デイビッド"), ("Rahul", "ラフル")),
    female=(("Emily", "エミリー"), ("Sarah", "サラ"), ("Priya", "プリヤ"), ("Laura", "ローラ")),
    family_first=False,
)

# Preferred language → the names its speakers are given.
POOLS = {
    "ja": JAPANESE,
    "pt-br": BRAZILIAN,
    "vi": VIETNAMESE,
    "zh-hans": CHINESE,
    "fil": FILIPINO,
    "id": INDONESIAN,
    "en": ENGLISH,
}


def person_name(rng: random.Random, language: str) -> tuple[str, str]:
    """A (full name, katakana reading) pair typical for speakers of ``language``."""
    pool = POOLS[language]
    female = rng.random() < 0.4
    family = rng.choice(pool.families)
    given = rng.choice(pool.female if female else pool.male)
    middles = pool.middles_female if female else pool.middles_male
    parts = [family, rng.choice(middles), given] if middles else [family, given]
    if not pool.family_first:
        parts = [given, family]
    return pool.separator.join(p[0] for p in parts), " ".join(p[1] for p in parts)
