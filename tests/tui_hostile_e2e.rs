//! The terminal is not an attack surface: tickets, notes, calls, a review and names full of
//! escape sequences (clear screen, OSC 0/2 title, OSC 52 clipboard, OSC 8 link, cursor
//! moves, DCS, APC, C1 controls), bidi overrides, zero-width characters, NUL, CR, a 100 KB
//! body and non-BMP characters go through a real `kefu serve` into the real desk in a
//! pseudo-terminal (tmux). Every byte the desk writes is captured (`pipe-pane`) and must hold
//! none of the hostile sequences, while the screen shows each of them in visible form, the
//! pane title stays untouched and wide characters keep the columns in line.
//!
//! Two layers stand between the text and the terminal: `sanitize` (src/sanitize.rs) makes controls
//! visible (`␛`) and drops format characters; ratatui then drops any control or zero-width
//! grapheme that would still reach a cell. This test holds the pair to account.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use kefu::api::{
    CallRecord, Category, Channel, NewReview, NewTicket, NoteRequest, Priority, ReviewKind,
    Visibility,
};
use kefu::client::{Client, ClientOptions, IdempotencyKey};
use kefu::sanitize::width;
use support::server::Server;
use support::{start_desk_capturing, wait_exit, Tmux};

/// One hostile piece: what the public (or a bad operator) sends, and what the operator must
/// see instead. Each starts with a tag so the test can find it in the byte stream.
struct Piece {
    raw: &'static str,
    shown: &'static str,
}

const PIECES: &[Piece] = &[
    Piece {
        raw: "CLS\x1b[2J\x1b[3J",
        shown: "CLS␛[2J␛[3J",
    },
    Piece {
        raw: "RIS\x1bc",
        shown: "RIS␛c",
    },
    Piece {
        raw: "TITLE0\x1b]0;PWNED-TITLE\x07",
        shown: "TITLE0␛]0;PWNED-TITLE␇",
    },
    Piece {
        raw: "TITLE2\x1b]2;PWNED-TITLE\x1b\\",
        shown: "TITLE2␛]2;PWNED-TITLE␛\\",
    },
    Piece {
        raw: "CLIP\x1b]52;c;UFdORUQtQ0xJUA==\x07",
        shown: "CLIP␛]52;c;UFdORUQtQ0xJUA==␇",
    },
    Piece {
        raw: "LINK\x1b]8;;https://evil.example/\x1b\\here\x1b]8;;\x1b\\",
        shown: "LINK␛]8;;https://evil.example/␛\\here␛]8;;␛\\",
    },
    Piece {
        raw: "CUP\x1b[1;1H\x1b[31mRED\x1b[0m\x1b[?1049l",
        shown: "CUP␛[1;1H␛[31mRED␛[0m␛[?1049l",
    },
    Piece {
        raw: "DCS\x1bP+q544e\x1b\\",
        shown: "DCS␛P+q544e␛\\",
    },
    Piece {
        raw: "APC\x1b_Ga=d\x1b\\",
        shown: "APC␛_Ga=d␛\\",
    },
    Piece {
        raw: "C1\u{9b}2J\u{9d}0;PWNED-TITLE\u{9c}",
        shown: "C1�2J�0;PWNED-TITLE�",
    },
    Piece {
        raw: "BIDI\u{202e}lave\u{202c}\u{2066}x\u{2069}\u{2067}y\u{2068}z",
        shown: "BIDIlavexyz",
    },
    Piece {
        raw: "ZW\u{200b}a\u{200d}b\u{feff}c\u{2060}d",
        shown: "ZWabcd",
    },
    Piece {
        raw: "NUL\0x\0",
        shown: "NUL␀x␀",
    },
    Piece {
        raw: "CR\rx\x08y\x7f",
        shown: "CR␍x␈y␡",
    },
    Piece {
        raw: "WIDE 𠀀𪚥😀 王𠮷",
        shown: "WIDE 𠀀𪚥😀 王𠮷",
    },
];

/// Every piece, one per line.
fn all_pieces(prefix: &str) -> String {
    PIECES
        .iter()
        .map(|p| format!("{prefix}{}", p.raw))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A hostile operator id, name of the desk's own operator, and the customer's fields.
const OPERATOR_ID: &str = "op\x1b]2;PWNED-OPID\x07\u{202e}x";
const OPERATOR_SHOWN: &str = "op␛]2;PWNED-OPID␇x";
const LEAD_NAME: &str = "周\x1b]0;PWNED\x07𠀀";
const LEAD_SHOWN: &str = "周␛]0;PWNED␇𠀀";
const CUSTOMER_NAME: &str = "\x1b]0;PWNED-NAME\x07\u{202e}张𠀀";
const CUSTOMER_SHOWN: &str = "␛]0;PWNED-NAME␇张𠀀";
const CUSTOMER_PHONE: &str = "19912345670";
const FROZEN_WHY: &str = "FROZEN\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07";
const FROZEN_SHOWN: &str = "FROZEN␛]8;;https://evil.example/␇click␛]8;;␇";
const SCHOOL: &str = "SCHOOL\x1b[2J\u{9b}31m𪚥";
const SCHOOL_SHOWN: &str = "SCHOOL␛[2J�31m𪚥";
const EMAIL: &str = "x@MAIL\x1b]52;c;UFdORUQ=\x07.cn";
const EMAIL_SHOWN: &str = "x***@MAIL␛]52;c;UFdORUQ=␇.cn";

/// Byte sequences kefu itself never writes in this session, so none may reach the terminal.
const FORBIDDEN: &[(&str, &str)] = &[
    ("OSC", "\x1b]"),
    ("DCS", "\x1bP"),
    ("APC", "\x1b_"),
    ("PM", "\x1b^"),
    ("SOS", "\x1bX"),
    ("ST", "\x1b\\"),
    ("RIS", "\x1bc"),
    ("NUL", "\0"),
    ("BEL", "\x07"),
];

/// What in `raw` is hostile: forbidden sequences, C1 controls, bidi and zero-width
/// characters, and any piece in its raw form.
fn hostile_in(raw: &[u8]) -> Vec<String> {
    let text = match std::str::from_utf8(raw) {
        Ok(t) => t,
        Err(e) => return vec![format!("not UTF-8 at byte {}", e.valid_up_to())],
    };
    let around = |i: usize| {
        let mut lo = i.saturating_sub(40);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (i + 40).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        format!("{:?}", &text[lo..hi])
    };
    let mut found = Vec::new();
    for (name, seq) in FORBIDDEN {
        if let Some(i) = text.find(seq) {
            found.push(format!("{name} at byte {i}: {}", around(i)));
        }
    }
    for (i, c) in text.char_indices() {
        let bad = matches!(c,
            '\u{80}'..='\u{9f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}')
            || (c.is_control() && !matches!(c, '\x1b' | '\r' | '\n'));
        if bad {
            found.push(format!("U+{:04X} at byte {i}: {}", c as u32, around(i)));
            break;
        }
    }
    for p in PIECES.iter().chain(&[
        Piece {
            raw: OPERATOR_ID,
            shown: "",
        },
        Piece {
            raw: LEAD_NAME,
            shown: "",
        },
        Piece {
            raw: CUSTOMER_NAME,
            shown: "",
        },
        Piece {
            raw: FROZEN_WHY,
            shown: "",
        },
        Piece {
            raw: SCHOOL,
            shown: "",
        },
    ]) {
        // The tag, the first hostile character and three more, e.g. `CLS\x1b[2J`: the desk's
        // own cursor moves may follow a tag (`CLS\x1b[16;13H`), never the piece itself. A
        // piece that starts with a hostile character is covered by the checks above.
        let chars: Vec<(usize, char)> = p.raw.char_indices().collect();
        let cut = chars
            .iter()
            .position(|(_, c)| c.is_control() || matches!(c, '\u{202e}' | '\u{200b}'))
            .filter(|k| *k > 0)
            .map(|k| chars.get(k + 4).map_or(p.raw.len(), |(i, _)| *i));
        if let Some(n) = cut {
            if let Some(i) = text.find(&p.raw[..n]) {
                found.push(format!(
                    "raw piece {:?} at byte {i}: {}",
                    &p.raw[..n],
                    around(i)
                ));
            }
        }
    }
    found
}

/// The text of `line` from display column `col` on (None when `col` splits a wide char).
fn from_col(line: &str, col: usize) -> Option<&str> {
    let mut w = 0;
    for (i, c) in line.char_indices() {
        if w == col {
            return Some(&line[i..]);
        }
        if w > col {
            return None;
        }
        w += width(c.encode_utf8(&mut [0; 4]));
    }
    (w == col).then_some("")
}

/// The first line inside the timeline box (what a scroll moves; clocks elsewhere tick).
fn top_line(screen: &str) -> &str {
    screen
        .lines()
        .find(|l| l.starts_with('│'))
        .unwrap_or_default()
}

/// Keep `screen` in `seen` and hand it back.
fn look(seen: &mut String, screen: String) -> String {
    seen.push_str(&screen);
    seen.push('\n');
    screen
}

/// Move the queue's selection down to the row containing `needle`.
fn select_row(tmux: &Tmux, needle: &str) {
    let selected = |s: &str| {
        s.lines()
            .find(|l| l.starts_with('▶'))
            .unwrap_or_default()
            .to_string()
    };
    for _ in 0..10 {
        let before = selected(&tmux.screen());
        if before.contains(needle) {
            return;
        }
        tmux.keys(&["Down"]);
        tmux.wait_for("the selection moved", |s| selected(s) != before);
    }
    panic!("no row with {needle:?}:\n{}", tmux.screen());
}

fn pane_title(tmux: &Tmux, target: &str) -> String {
    tmux.cmd(&["display-message", "-p", "-t", target, "#{pane_title}"])
        .trim()
        .to_string()
}

/// Poll until `pred` holds for the raw capture (tmux pipes it asynchronously).
fn wait_raw(raw: &Path, what: &str, pred: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let bytes = std::fs::read(raw).unwrap_or_default();
        if pred(&bytes) {
            return bytes;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The store, prepared: the demo data, a hostile operator with a session, a hostile name on
/// the lead, and a frozen account with hostile name, e-mail, freeze reason and school.
/// Returns (hostile operator's token, hostile account id).
fn plant_in_store(db: &Path) -> (String, i64) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.busy_timeout(Duration::from_secs(20)).unwrap();
    let now = chrono::Utc::now();
    let at = kefu::backoffice::store::ts(now);
    c.execute(
        "INSERT INTO operators (id, name, roles, password_hash, disabled, created_at)
         SELECT ?1, ?2, 'agent,reviewer', password_hash, 0, ?3 FROM operators WHERE id = 'demo-agent'",
        rusqlite::params![OPERATOR_ID, format!("{OPERATOR_ID} name"), at],
    )
    .unwrap();
    let token = format!("hostile-{}", std::process::id());
    c.execute(
        "INSERT INTO sessions (token_hash, operator_id, created_at, last_seen_at, expires_at)
         VALUES (?1, ?2, ?3, ?3, ?4)",
        rusqlite::params![
            kefu::backoffice::auth::token_hash(&token),
            OPERATOR_ID,
            at,
            kefu::backoffice::store::ts(now + chrono::Duration::hours(2))
        ],
    )
    .unwrap();
    c.execute(
        "UPDATE operators SET name = ?1 WHERE id = 'demo-lead'",
        [LEAD_NAME],
    )
    .unwrap();
    let account: i64 = c
        .query_row(
            "INSERT INTO accounts (login, name, phone, email, document_kind, document_number, state,
                verification, registration_channel, registered_at, frozen_reason)
             SELECT ?1, ?2, ?3, ?4, document_kind, document_number, 'frozen', verification,
                registration_channel, registered_at, ?5 FROM accounts WHERE id = 5
             RETURNING id",
            rusqlite::params![
                "hx\x1b[2Jlogin",
                CUSTOMER_NAME,
                CUSTOMER_PHONE,
                EMAIL,
                FROZEN_WHY
            ],
            |r| r.get(0),
        )
        .unwrap();
    c.execute(
        "INSERT INTO degrees (account_id, level, school, year, self_study, status)
         VALUES (?1, '本科', ?2, 2012, 0, 'registered')",
        rusqlite::params![account, SCHOOL],
    )
    .unwrap();
    (token, account)
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_text_reaches_the_screen_only_in_visible_form() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("kefu.db");

    // A real back office with the demo data, and the hostile data the API cannot write
    // planted in its store (WAL lets the test write beside it).
    let server = Server::on_file(&db, &["--seed-demo"]);
    let url = server.url.clone();
    let (op_token, account) = plant_in_store(&db);

    // Through the public API: tickets, notes, replies, a call and a review.
    let client = Client::new(ClientOptions::new(&url)).unwrap();
    client.sign_in("demo-agent", "kefu-demo").await.unwrap();
    let key = IdempotencyKey::new;
    let ticket = |subject: String, body: String, account_id| NewTicket {
        subject,
        body,
        category: Category::Other,
        channel: Channel::Web,
        account_id,
        priority: Some(Priority::Urgent),
    };
    let t1 = client
        .create_ticket(
            &ticket(
                "HX-1 \x1b]0;PWNED-TITLE\x07\x1b[2J\u{202e}𠀀".into(),
                all_pieces("body "),
                Some(account),
            ),
            &key(),
        )
        .await
        .unwrap()
        .id;
    let mut big = String::new();
    while big.len() < 100 * 1024 {
        // Numbered lines, so that every page of it looks different.
        let n = big.len();
        big.push_str(&format!(
            "100KB {n:06} \x1b]0;PWNED-TITLE\x07\x1b[2J 𠀀😀 \u{202e}\0\r\n"
        ));
    }
    let t2 = client
        .create_ticket(&ticket("HX-2 big body".into(), big, None), &key())
        .await
        .unwrap()
        .id;
    client
        .create_ticket(&ticket("HX-3 𠀀𪚥😀 wide".into(), "x".into(), None), &key())
        .await
        .unwrap();
    client
        .create_ticket(&ticket("HX-4 plain".into(), "x".into(), None), &key())
        .await
        .unwrap();
    for visibility in [Visibility::Internal, Visibility::Public] {
        let body = all_pieces(match visibility {
            Visibility::Internal => "note ",
            Visibility::Public => "reply ",
        });
        client
            .add_note(t1, &NoteRequest { body, visibility }, &key())
            .await
            .unwrap();
    }
    client
        .log_call(
            t1,
            &CallRecord {
                duration_secs: 61,
                wrap_up: "WRAP\x1b]2;PWNED-TITLE\x07".into(),
                summary: "SUM\x1bP1$r\x1b\\ 𠀀".into(),
                caller_phone: None,
                callback_at: None,
            },
            &key(),
        )
        .await
        .unwrap();
    // The hostile operator claims the ticket, notes on it and opens the review.
    let evil = Client::new(ClientOptions::new(&url)).unwrap();
    evil.set_token(Some(op_token));
    evil.claim_ticket(t1, false, &key()).await.unwrap();
    evil.add_note(
        t1,
        &NoteRequest {
            body: "by the hostile operator".into(),
            visibility: Visibility::Internal,
        },
        &key(),
    )
    .await
    .unwrap();
    let review = evil
        .create_review(
            &NewReview {
                kind: ReviewKind::IdentityClaim,
                account_id: account,
                ticket_id: Some(t1),
                new_phone: None,
                note: format!(
                    "REVIEWNOTE\x1b]52;c;UFdORUQ=\x07\u{202e}𠀀 {}",
                    PIECES[0].raw
                ),
            },
            &key(),
        )
        .await
        .unwrap()
        .id;
    {
        // First in the reviews list (which is ordered by due date).
        let c = rusqlite::Connection::open(&db).unwrap();
        c.busy_timeout(Duration::from_secs(20)).unwrap();
        c.execute(
            "UPDATE reviews SET due_on = '2000-01-03' WHERE id = ?1",
            [review],
        )
        .unwrap();
    }

    // The desk, signed in as demo-lead (agent, reviewer and supervisor: every pane).
    for d in ["config/kefu", "data", "runtime"] {
        std::fs::create_dir_all(h.join(d)).unwrap();
    }
    std::fs::write(
        h.join("config/kefu/config.toml"),
        format!("operator = \"demo-lead\"\n[api]\nurl = \"{url}\"\n"),
    )
    .unwrap();
    let raw = h.join("raw");
    let tmux = start_desk_capturing(
        h,
        &format!("kefu-hostile-e2e-{}", std::process::id()),
        Some(&raw),
    );
    let title_before = pane_title(&tmux, "e2e");
    // Every screen looked at, for the checks that scrolling spreads over several screens.
    let mut seen = String::new();

    tmux.wait_for("the sign-in form", |s| s.contains("Password"));
    tmux.text("kefu-demo");
    tmux.keys(&["Enter"]);
    look(
        &mut seen,
        tmux.wait_for("the queue", |s| s.contains("Subject") && s.contains('▶')),
    );

    // The queue: only the HX tickets.
    tmux.keys(&["/"]);
    tmux.wait_for("the filter bar", |s| s.contains("Filter:"));
    tmux.keys(&["C-u"]);
    tmux.text("HX-");
    tmux.keys(&["Enter"]);
    let queue = look(
        &mut seen,
        tmux.wait_for("the HX tickets", |s| {
            (1..=4).all(|n| s.contains(&format!("HX-{n} ")))
        }),
    );
    // Wide characters keep the columns in line: every row has its status, priority and due
    // cells at the header's columns.
    let lines: Vec<&str> = queue.lines().collect();
    let header = *lines.iter().find(|l| l.contains("Subject")).unwrap();
    let col = |label: &str| {
        let i = header.find(label).unwrap();
        width(&header[..i])
    };
    let rows: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| {
            let mut c = l.chars();
            matches!(c.next(), Some('▶' | ' ')) && c.next().is_some_and(|d| d.is_ascii_digit())
        })
        .collect();
    assert_eq!(rows.len(), 4, "{queue}");
    for row in rows {
        for (label, values) in [
            ("Status", &["new ", "open ", "wait "][..]),
            ("Prio", &["URGENT "][..]),
        ] {
            let cell = from_col(row, col(label));
            assert!(
                cell.is_some_and(|c| values.iter().any(|v| c.starts_with(v))),
                "{label} not at column {} in {row:?}\n{queue}",
                col(label)
            );
        }
    }
    let hx1 = lines.iter().find(|l| l.contains("HX-1 ")).unwrap();
    assert!(hx1.contains("HX-1 ␛]0;PWNED"), "{hx1}");
    assert!(hx1.contains("␛*"), "the masked customer name: {hx1}");

    // Ticket HX-1: the header, the body, the notes, the reply and the call, page by page.
    select_row(&tmux, "HX-1 ");
    tmux.keys(&["Enter"]);
    let detail = look(
        &mut seen,
        tmux.wait_for("ticket HX-1", |s| {
            s.contains(&format!("Ticket #{t1}")) && s.contains("body CLS")
        }),
    );
    assert!(
        detail.contains("HX-1 ␛]0;PWNED-TITLE␇␛[2J𠀀"),
        "subject in the header:\n{detail}"
    );
    let bordered = |screen: &str| {
        // Inside the timeline box, the right border stays at the last column.
        for l in screen.lines().filter(|l| l.starts_with('│')) {
            assert_eq!(width(l), 100, "border out of line: {l:?}\n{screen}");
            assert!(l.ends_with('│'), "{l:?}");
        }
    };
    bordered(&detail);
    // The hostile operator's note is the last event.
    let mut screen = detail;
    while !screen.contains("by the hostile operator") {
        tmux.keys(&["PageDown"]);
        screen = look(
            &mut seen,
            tmux.wait_for("the timeline scrolled", |s| {
                top_line(s) != top_line(&screen)
            }),
        );
        bordered(&screen);
    }
    for p in PIECES {
        for prefix in ["body ", "note ", "reply "] {
            let want = format!("{prefix}{}", p.shown);
            assert!(seen.contains(&want), "{want:?} not on screen:\n{seen}");
        }
    }
    for want in [
        "WRAP␛]2;PWNED-TITLE␇",
        "SUM␛P1$r␛\\ 𠀀",
        OPERATOR_SHOWN,
        "by the hostile operator",
    ] {
        assert!(seen.contains(want), "{want:?} not on screen:\n{seen}");
    }

    // Ticket HX-2: a 100 KB body is cut with a visible ellipsis, and the desk stays live.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the queue again", |s| {
        !s.contains("Timeline") && s.contains("HX-2")
    });
    select_row(&tmux, "HX-2 ");
    tmux.keys(&["Enter"]);
    look(
        &mut seen,
        tmux.wait_for("ticket HX-2", |s| {
            s.contains(&format!("Ticket #{t2}"))
                && s.contains("100KB 000000 ␛]0;PWNED-TITLE␇␛[2J 𠀀😀 ␀␍")
        }),
    );
    // Scrolled to the end of the body, which is cut with an ellipsis before the timeline.
    let mut screen = tmux.screen();
    while !screen.contains("Timeline") {
        tmux.keys(&["PageDown"]);
        screen = tmux.wait_for("the body scrolled", |s| top_line(s) != top_line(&screen));
        bordered(&screen);
    }
    let cut = screen
        .lines()
        .take_while(|l| !l.contains("Timeline"))
        .last()
        .unwrap_or_default();
    assert!(
        cut.trim_end_matches('│').trim_end().ends_with('…'),
        "the cut is shown:\n{screen}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the queue again", |s| {
        !s.contains("Timeline") && s.contains("HX-2")
    });

    // Lookup: the frozen account with its hostile fields, then its name shown in full.
    tmux.keys(&["2"]);
    tmux.wait_for("the lookup input", |s| s.contains("Look up ["));
    tmux.text(CUSTOMER_PHONE);
    let card = look(
        &mut seen,
        tmux.wait_for("the hostile card", |s| {
            s.contains(&format!("Account #{account}")) && s.contains("FROZEN␛]8")
        }),
    );
    for want in [
        FROZEN_SHOWN,
        SCHOOL_SHOWN,
        EMAIL_SHOWN,
        "hx***",
        "HX-1 ␛]0;PWNED",
    ] {
        let short: String = want.chars().take(12).collect();
        assert!(card.contains(&short), "{short:?} not on the card:\n{card}");
    }
    tmux.keys(&["Escape"]);
    tmux.wait_for("the results focused", |s| {
        s.contains("show a field in full")
    });
    tmux.keys(&["v"]);
    tmux.wait_for("the field picker", |s| {
        s.contains("Show which field in full?")
    });
    tmux.keys(&["Down", "Down", "Enter"]);
    tmux.wait_for("the reason", |s| s.contains("Caller verified"));
    tmux.keys(&["Enter"]);
    look(
        &mut seen,
        tmux.wait_for("the name in full", |s| s.contains(CUSTOMER_SHOWN)),
    );

    // Reviews: the hostile review first; its note and opener in visible form.
    tmux.keys(&["3"]);
    let list = look(
        &mut seen,
        tmux.wait_for("the reviews list", |s| {
            s.lines()
                .any(|l| l.starts_with('▶') && l.contains(&review.to_string()))
        }),
    );
    assert!(list.contains("␛*"), "masked applicant:\n{list}");
    tmux.keys(&["Enter"]);
    look(
        &mut seen,
        tmux.wait_for("the hostile review", |s| {
            s.contains("REVIEWNOTE␛]52;c;UFdORUQ=␇𠀀")
        }),
    );
    // Every hostile sequence was written to the screen, visibly: the title bar has the
    // lead's name too.
    assert!(seen.contains(LEAD_SHOWN), "title bar:\n{seen}");
    assert!(seen.contains(OPERATOR_SHOWN), "opened by:\n{seen}");

    // The bytes written so far hold nothing hostile, and the pane title is untouched.
    let bytes = std::fs::read(&raw).unwrap();
    let found = hostile_in(&bytes);
    assert!(
        found.is_empty(),
        "hostile bytes reached the terminal: {found:#?}"
    );
    assert_eq!(pane_title(&tmux, "e2e"), title_before);
    assert!(!pane_title(&tmux, "e2e").contains("PWNED"));

    // The clipboard only ever gets an id: copy the account id from the hostile card.
    let before_copy = bytes.len();
    tmux.keys(&["2"]);
    tmux.wait_for("the card again", |s| {
        s.contains(&format!("Account #{account}"))
    });
    tmux.keys(&["y"]);
    let osc52 = format!(
        "\x1b]52;c;{}\x07",
        base64_of(account.to_string().as_bytes())
    );
    let bytes = wait_raw(&raw, "the clipboard sequence", |b| {
        String::from_utf8_lossy(&b[before_copy..]).contains(&osc52)
    });
    let after = String::from_utf8_lossy(&bytes[before_copy..]).into_owned();
    assert_eq!(
        after.matches("\x1b]").count(),
        1,
        "only the id is copied: {after:?}"
    );

    tmux.keys(&["q"]);
    assert_eq!(
        wait_exit(&tmux),
        "0",
        "stderr: {}",
        std::fs::read_to_string(h.join("stderr")).unwrap_or_default()
    );
    // The whole session, to its last byte, still holds nothing hostile but the one copy.
    let bytes = wait_raw(&raw, "the terminal restored", |b| {
        String::from_utf8_lossy(b).contains("\x1b[?1049l")
    });
    let without_copy = String::from_utf8(bytes).unwrap().replacen(&osc52, "", 1);
    println!("raw bytes written by the desk: {}", without_copy.len());
    let found = hostile_in(without_copy.as_bytes());
    assert!(
        found.is_empty(),
        "hostile bytes reached the terminal: {found:#?}"
    );
    assert_eq!(pane_title(&tmux, "e2e"), title_before);

    drop(server);
}

/// The byte check finds each hostile sequence and passes what the desk itself draws with.
#[test]
fn the_byte_check_tells_drawing_from_hostile_sequences() {
    let drawing = "\x1b[?1049h\x1b[?2026h\x1b[1;1H\x1b[38;5;6m ok 周\x1b[1;38H␛]0;x␇\x1b[0m\r\n";
    assert_eq!(hostile_in(drawing.as_bytes()), Vec::<String>::new());
    for bad in [
        "\x1b]0;t\x07",
        "\x1bP+q\x1b\\",
        "\x1b_G\x1b\\",
        "\x1bc",
        "\0",
        "\x07",
        "\u{9b}2J",
        "\u{202e}",
        "\u{200b}",
        "\u{2066}",
        "CLS\x1b[2J",
    ] {
        let found = hostile_in(format!("{drawing}{bad}").as_bytes());
        assert!(!found.is_empty(), "{bad:?} not found");
    }
    assert!(!hostile_in(b"\xff\xfe").is_empty(), "bad UTF-8");
}

/// A title sequence printed straight to a tmux pane does change its title: the check above
/// can fail.
#[test]
fn tmux_pane_title_follows_osc_2() {
    let tmux = Tmux {
        socket: format!("kefu-hostile-ctl-{}", std::process::id()),
        dir: std::env::temp_dir(),
    };
    tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "ctl",
        "-x",
        "80",
        "-y",
        "10",
        "sh",
        "-c",
        "printf '\\033]2;PWNED-CONTROL\\033\\\\'; sleep 600",
    ]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while pane_title(&tmux, "ctl") != "PWNED-CONTROL" {
        assert!(
            Instant::now() < deadline,
            "tmux did not take the title: {:?}",
            pane_title(&tmux, "ctl")
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn base64_of(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(b)
}
