//! Word tables the generators draw from: schools, mail domains, reasons and notes.

/// Real universities (本科 and above).
pub(super) const UNIVERSITIES: &[&str] = &[
    "北京大学",
    "清华大学",
    "复旦大学",
    "上海交通大学",
    "浙江大学",
    "南京大学",
    "中国科学技术大学",
    "武汉大学",
    "华中科技大学",
    "中山大学",
    "四川大学",
    "西安交通大学",
    "哈尔滨工业大学",
    "山东大学",
    "吉林大学",
    "厦门大学",
    "同济大学",
    "南开大学",
    "天津大学",
    "东南大学",
    "北京师范大学",
    "华东师范大学",
    "中国人民大学",
    "北京航空航天大学",
    "重庆大学",
    "湖南大学",
    "中南大学",
    "大连理工大学",
    "兰州大学",
    "东北大学",
    "华南理工大学",
    "电子科技大学",
    "西北工业大学",
    "郑州大学",
    "苏州大学",
    "暨南大学",
    "南昌大学",
    "云南大学",
    "广西大学",
    "贵州大学",
    "新疆大学",
    "河北大学",
    "山西大学",
    "深圳大学",
    "首都师范大学",
    "上海大学",
    "北京工业大学",
    "江南大学",
    "宁波大学",
    "福州大学",
];

/// Real vocational colleges (专科).
pub(super) const COLLEGES: &[&str] = &[
    "深圳职业技术学院",
    "北京电子科技职业学院",
    "金华职业技术学院",
    "无锡职业技术学院",
    "浙江金融职业学院",
    "广东轻工职业技术学院",
    "天津职业大学",
    "山东商业职业技术学院",
    "成都航空职业技术学院",
    "湖南铁道职业技术学院",
    "重庆电子工程职业学院",
    "长沙民政职业技术学院",
];

/// Self-study exam (自考) institutions.
pub(super) const SELF_STUDY_BOARDS: &[&str] = &[
    "北京市高等教育自学考试委员会",
    "上海市高等教育自学考试委员会",
    "广东省高等教育自学考试委员会",
    "江苏省高等教育自学考试委员会",
    "浙江省高等教育自学考试委员会",
    "四川省高等教育自学考试委员会",
    "湖北省高等教育自学考试委员会",
    "山东省高等教育自学考试委员会",
    "河南省高等教育自学考试委员会",
];

/// E-mail domains in common use.
pub(super) const MAIL_DOMAINS: &[&str] = &[
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "foxmail.com",
    "outlook.com",
    "gmail.com",
    "139.com",
    "sohu.com",
];

/// Reasons a supervisor gave for freezing.
pub(super) const FROZEN_REASONS: &[&str] = &[
    "疑似出租、出借账号",
    "短时间内异地登录并批量查询他人学历，疑似账号买卖",
    "经举报核实存在冒用他人身份注册",
    "疑似通过中介代办，账号密码已外泄",
];

/// Notes an agent writes when opening a real_name review.
pub(super) const REAL_NAME_NOTES: &[&str] = &[
    "人脸识别多次失败，用户上传了证件照片和本人近照",
    "港澳台用户注册时选择人工审核，证件照片已上传",
    "用户光线与美颜问题已排除，仍无法通过刷脸，转人工",
    "军官证注册，按规定人工核验",
];

/// Notes an agent writes when opening a phone_rebind review.
pub(super) const PHONE_REBIND_NOTES: &[&str] = &[
    "原手机号已停用，身份证扫描件已通过邮箱收到",
    "用户来电申请换绑，手持证件照已上传，新号码为本人实名",
    "原号码被运营商回收，用户提交了身份证正反面照片",
];

/// Notes an agent writes when opening an identity_claim review.
pub(super) const IDENTITY_CLAIM_NOTES: &[&str] = &[
    "证件号已被其他账号占用，用户提交了账号问题申请表和身份证复印件",
    "学校批量导入账号与用户自注册冲突，申请认领",
    "用户称从未注册过，怀疑被他人误用证件号，附申请表",
];
