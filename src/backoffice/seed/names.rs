//! Chinese names: common surnames by weight, compound surnames, rare characters.

use super::prng::Rng;

/// Common surnames with a rough weight and their pinyin (for e-mail handles).
const SURNAMES: &[(&str, u32, &str)] = &[
    ("王", 72, "wang"),
    ("李", 71, "li"),
    ("张", 68, "zhang"),
    ("刘", 52, "liu"),
    ("陈", 46, "chen"),
    ("杨", 33, "yang"),
    ("黄", 24, "huang"),
    ("赵", 22, "zhao"),
    ("吴", 20, "wu"),
    ("周", 20, "zhou"),
    ("徐", 14, "xu"),
    ("孙", 14, "sun"),
    ("马", 13, "ma"),
    ("朱", 12, "zhu"),
    ("胡", 11, "hu"),
    ("郭", 11, "guo"),
    ("何", 9, "he"),
    ("林", 9, "lin"),
    ("高", 9, "gao"),
    ("罗", 8, "luo"),
    ("郑", 8, "zheng"),
    ("梁", 7, "liang"),
    ("谢", 6, "xie"),
    ("宋", 6, "song"),
    ("唐", 6, "tang"),
    ("许", 5, "xu"),
    ("韩", 5, "han"),
    ("冯", 5, "feng"),
    ("邓", 5, "deng"),
    ("曹", 5, "cao"),
    ("彭", 5, "peng"),
    ("曾", 4, "zeng"),
    ("肖", 4, "xiao"),
    ("田", 4, "tian"),
    ("董", 4, "dong"),
    ("潘", 4, "pan"),
    ("袁", 4, "yuan"),
    ("蔡", 3, "cai"),
    ("蒋", 3, "jiang"),
    ("余", 3, "yu"),
    ("于", 3, "yu"),
    ("杜", 3, "du"),
    ("叶", 3, "ye"),
    ("程", 3, "cheng"),
    ("魏", 3, "wei"),
    ("苏", 3, "su"),
    ("吕", 3, "lv"),
    ("丁", 3, "ding"),
    ("任", 3, "ren"),
    ("卢", 2, "lu"),
    ("姚", 2, "yao"),
    ("沈", 2, "shen"),
    ("钟", 2, "zhong"),
    ("姜", 2, "jiang"),
    ("崔", 2, "cui"),
    ("谭", 2, "tan"),
    ("陆", 2, "lu"),
    ("范", 2, "fan"),
    ("汪", 2, "wang"),
    ("廖", 2, "liao"),
    ("石", 2, "shi"),
    ("金", 2, "jin"),
    ("贾", 2, "jia"),
    ("夏", 2, "xia"),
    ("付", 2, "fu"),
    ("方", 2, "fang"),
    ("邹", 2, "zou"),
    ("熊", 2, "xiong"),
    ("白", 2, "bai"),
    ("孟", 2, "meng"),
    ("秦", 2, "qin"),
    ("邱", 2, "qiu"),
    ("侯", 2, "hou"),
    ("江", 2, "jiang"),
    ("尹", 2, "yin"),
    ("薛", 2, "xue"),
    ("闫", 2, "yan"),
    ("段", 2, "duan"),
    ("雷", 2, "lei"),
    ("龙", 1, "long"),
    ("黎", 1, "li"),
    ("史", 1, "shi"),
    ("陶", 1, "tao"),
    ("贺", 1, "he"),
    ("毛", 1, "mao"),
    ("郝", 1, "hao"),
    ("顾", 1, "gu"),
    ("龚", 1, "gong"),
    ("邵", 1, "shao"),
    ("万", 1, "wan"),
    ("覃", 1, "qin"),
    ("武", 1, "wu"),
    ("钱", 1, "qian"),
    ("戴", 1, "dai"),
    ("严", 1, "yan"),
    ("莫", 1, "mo"),
    ("孔", 1, "kong"),
    ("向", 1, "xiang"),
    ("常", 1, "chang"),
];

/// Two-character surnames (复姓), rarer.
const COMPOUND_SURNAMES: &[(&str, &str)] = &[
    ("欧阳", "ouyang"),
    ("司马", "sima"),
    ("诸葛", "zhuge"),
    ("上官", "shangguan"),
    ("东方", "dongfang"),
    ("慕容", "murong"),
    ("司徒", "situ"),
    ("皇甫", "huangfu"),
    ("令狐", "linghu"),
    ("夏侯", "xiahou"),
];

/// Characters common in given names.
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "英", "华", "霞", "平", "刚", "桂", "兰", "玉", "萍", "红", "鹏", "辉", "建", "国",
    "志", "文", "斌", "宇", "浩", "然", "子", "涵", "梓", "轩", "欣", "怡", "雨", "佳", "琪", "晨",
    "思", "嘉", "俊", "博", "晓", "婷", "雪", "慧", "倩", "颖", "琳", "宁", "海", "波", "飞", "凯",
    "丹", "春", "燕", "亮", "成", "诗", "瑶", "一", "诺", "昊", "天", "泽", "睿", "铭", "悦", "彤",
    "欢", "阳", "云", "琴", "德", "林", "荣", "新", "永", "凤", "梅", "莉", "东", "晶", "婧", "璐",
];

/// Rare characters used in names; the first ones lie outside the Basic Multilingual Plane.
pub(crate) const RARE: &[&str] = &[
    "\u{20BB7}", // 𠮷
    "\u{2123C}", // 𡈼
    "\u{2A6A5}", // 𪚥
    "\u{2C029}", // 𬀩
    "\u{2CC56}", // 𬱖
    "堃",
    "喆",
    "赟",
    "燊",
    "淼",
    "犇",
    "垚",
    "龑",
    "昇",
    "珺",
];

/// A generated name and the pinyin of its surname.
pub(crate) struct Name {
    /// Full name, surname first.
    pub full: String,
    /// Pinyin of the surname, for e-mail handles.
    pub surname_pinyin: &'static str,
}

/// A random name; `rare` puts one rare character in the given name.
pub(crate) fn name(rng: &mut Rng, rare: bool) -> Name {
    let (surname, pinyin) = if rng.chance(12) {
        rng.pick(COMPOUND_SURNAMES)
    } else {
        let (s, _, p) = SURNAMES[rng.weighted_by(SURNAMES, |s| s.1)];
        (s, p)
    };
    let mut full = String::from(surname);
    let two = rng.chance(700);
    if rare {
        full.push_str(rng.pick(RARE));
        if two {
            full.push_str(rng.pick(GIVEN));
        }
    } else {
        full.push_str(rng.pick(GIVEN));
        if two {
            full.push_str(rng.pick(GIVEN));
        }
    }
    Name {
        full,
        surname_pinyin: pinyin,
    }
}
