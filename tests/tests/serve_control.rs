//! `zkplay serve`'s control lines: virtual clients in the same world as real programs (a
//! `recipe` line's lock contenders, seen by a real client), a real program's session faulted
//! by its id (`expire 0x…`), and each bad line refused with its reason.

use zkplay_cli::wire::Conn;
use zkplay_core::acl::Acl;
use zkplay_core::request::{CreateMode, Op, Request, Response};
use zkplay_tests::ZkplayServe;

fn children(c: &mut Conn, path: &str) -> Vec<String> {
    let ls = Request::GetChildren {
        path: path.into(),
        watch: false,
    };
    match c.call(&ls).map(|(_, r)| r) {
        Ok(Ok(Response::GetChildren { children, .. })) => {
            let mut v: Vec<String> = children.iter().map(|n| n.to_string()).collect();
            v.sort();
            v
        }
        other => panic!("ls {path}: {other:?}"),
    }
}

#[test]
fn virtual_clients_and_real_programs_share_one_world() {
    let server = ZkplayServe::start("").expect("zkplay serve");
    let mut real = Conn::connect(&server.addr(), 30_000, None).expect("connect");
    server
        .control("recipe lock /locks/x on v1,v2 hold=0")
        .expect("the recipe line");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut seen = Vec::new();
    while std::time::Instant::now() < deadline {
        seen = children(&mut real, "/locks/x");
        if seen.len() == 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(seen, ["v1-lock-0000000000", "v2-lock-0000000001"]);
    // The real program's own ephemeral goes when its session is expired from outside.
    let create = Request::Write(Op::Create {
        path: "/locks/x/real".into(),
        data: None,
        acl: Acl::open_unsafe(),
        mode: CreateMode::Ephemeral,
        ttl_ms: -1,
    });
    assert!(matches!(real.call(&create), Ok((_, Ok(_)))));
    server
        .control(&format!("expire 0x{:x}", real.session_id))
        .expect("expire the real session");
    let mut other = Conn::connect(&server.addr(), 30_000, None).expect("connect");
    assert_eq!(
        children(&mut other, "/locks/x"),
        ["v1-lock-0000000000", "v2-lock-0000000001"]
    );
    let again = real.call(&Request::Sync { path: "/".into() });
    assert!(
        !matches!(again, Ok((_, Ok(_)))),
        "an expired session still answered: {again:?}"
    );
    // Each bad line is refused with its reason.
    for (line, why) in [
        ("crash nobody", "no virtual client named nobody"),
        ("expire 0x99", "no live session 0x99"),
        ("frobnicate", "not a control line"),
        ("server 2 crash", "serves one server"),
        ("delay v1 soon", "soon"),
    ] {
        let e = server.control(line).expect_err(line);
        assert!(e.contains(why), "{line}: {e}");
    }
}
