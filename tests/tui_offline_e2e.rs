//! The back office goes away under a working desk: the real `kefu` binary in a
//! pseudo-terminal (tmux) says so in its title bar, keeps the ticket on screen and the note
//! being typed, probes in the background, and comes back by itself when `kefu serve` is
//! restarted; the note then goes through once.

mod support;

use kefu::client::{Client, ClientOptions};
use support::server::{Db, Server};
use support::{open_first_ticket, send_note_and_quit, start_desk};

#[tokio::test(flavor = "multi_thread")]
async fn the_desk_rides_out_a_back_office_restart_without_losing_the_note() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("backoffice.db");
    let server = Server::on_file(&db, &["--seed-demo"]);
    let (url, port) = (server.url.clone(), server.port());
    std::fs::create_dir_all(h.join("config/kefu")).unwrap();
    std::fs::write(
        h.join("config/kefu/config.toml"),
        format!("operator = \"demo-agent\"\n[api]\nurl = \"{url}\"\n"),
    )
    .unwrap();

    let tmux = start_desk(h, &format!("kefu-offline-{}", std::process::id()));
    tmux.wait_for("the sign-in form", |s| s.contains("demo-agent"));
    tmux.text("kefu-demo");
    tmux.keys(&["Enter"]);
    let id = open_first_ticket(&tmux);

    // The back office goes away; the next request says so in the title bar.
    server.kill();
    tmux.keys(&["r"]);
    tmux.wait_for("the offline title", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("back office unreachable"))
    });
    // Everything on screen stays, and typing goes on.
    tmux.keys(&["n"]);
    tmux.wait_for("the editor", |s| s.contains("Internal note"));
    let note = format!(
        "typed while the back office was down {}",
        std::process::id()
    );
    tmux.text(&note);
    let screen = tmux.wait_for("the text", |s| s.contains(&note));
    assert!(screen.contains(&format!("Ticket #{id}")), "{screen}");

    // Restarted on the same address: the desk notices without a key being pressed.
    let server = Server::builder(Db::file(&db)).port(port).start();
    let screen = tmux.wait_for("the link back", |s| {
        s.lines().next().is_some_and(|l| l.contains("● online"))
    });
    assert!(
        screen.contains(&note),
        "the note is still being typed:\n{screen}"
    );
    send_note_and_quit(&tmux);

    let client = Client::new(ClientOptions::new(&url)).unwrap();
    client.sign_in("demo-agent", "kefu-demo").await.unwrap();
    let t = client.ticket(id).await.unwrap();
    drop(server);
    assert_eq!(
        t.events.iter().filter(|e| e.body == note).count(),
        1,
        "{:#?}",
        t.events
    );
}
