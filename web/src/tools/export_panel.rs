//! The export, drawn by the tools' bundle: the scenario's file (it rebuilds the sandbox
//! exactly: the state hash says so), or the scenario as a program — Java on the official
//! client, Java with Curator, Python with kazoo (`zkplay_core::export`) — to read, copy or
//! download; a scenario the language cannot express says which line and why.

use std::cell::RefCell;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlSelectElement, HtmlTextAreaElement};
use zkplay_core::export::{export, ExportError, Lang as CodeLang};
use zkplay_core::tutorial::Lang;

use super::dom::{append, el};
use super::words::W;

/// The open export.
struct Panel {
    host: HtmlElement,
    lang: Lang,
    script: String,
    hash: String,
    /// `None`: the scenario file; else the program's language.
    as_code: Option<CodeLang>,
    listeners: Vec<EventListener>,
}

thread_local! {
    static PANEL: RefCell<Option<Panel>> = const { RefCell::new(None) };
}

/// Opens the export in `host` (or redraws it in another language).
pub fn open(host: HtmlElement, lang: Lang, script: String, hash: String) {
    let as_code = PANEL.with(|p| {
        p.borrow()
            .as_ref()
            .filter(|p| p.host == host)
            .and_then(|p| p.as_code)
    });
    let mut panel = Panel {
        host,
        lang,
        script,
        hash,
        as_code,
        listeners: Vec::new(),
    };
    panel.draw();
    PANEL.with(|p| *p.borrow_mut() = Some(panel));
}

pub fn close() {
    PANEL.with(|p| p.borrow_mut().take());
}

/// Redraws the open panel after a change of what it shows.
fn redraw(as_code: Option<CodeLang>) {
    // Taken out while it draws: its listeners are replaced.
    let panel = PANEL.with(|p| p.borrow_mut().take());
    if let Some(mut p) = panel {
        p.as_code = as_code;
        p.draw();
        PANEL.with(|slot| *slot.borrow_mut() = Some(p));
    }
}

impl Panel {
    fn draw(&mut self) {
        let l = self.lang;
        self.listeners.clear();
        self.host.set_inner_html("");
        let root: web_sys::Element = self.host.clone().into();
        let (text, file, name) = match self.as_code {
            None => (Ok(self.script.clone()), "zkplay-scenario.zk", ""),
            Some(lang) => (
                export(&self.script, lang).map_err(|e| refusal(l, &e)),
                match lang {
                    CodeLang::Java => "ZkplayScenario.java",
                    CodeLang::Curator => "ZkplayCuratorScenario.java",
                    CodeLang::Python => "zkplay_scenario.py",
                },
                lang.name(),
            ),
        };
        let intro = el("p", &[("text", W::ExportText.text(l))]);
        append(
            &intro,
            &[&el(
                "code",
                &[("data-testid", "state-hash"), ("text", &self.hash)],
            )],
        );
        let choice_row = el("div", &[("class", "row")]);
        let label = el("label", &[("text", W::ExportAs.text(l))]);
        let select = el("select", &[("data-testid", "export-as")]);
        for (value, w) in [
            ("", W::AsScenario),
            ("java", W::AsJava),
            ("curator", W::AsCurator),
            ("python", W::AsPython),
        ] {
            let o = el("option", &[("value", value), ("text", w.text(l))]);
            if value == name {
                let _ = o.set_attribute("selected", "");
            }
            append(&select, &[&o]);
        }
        self.listeners
            .push(EventListener::new(&select, "change", |e| {
                let value = e
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                    .map(|s| s.value())
                    .unwrap_or_default();
                redraw(CodeLang::named(&value));
            }));
        append(&label, &[&select]);
        append(&choice_row, &[&label]);
        append(&root, &[&intro, &choice_row]);
        if self.as_code.is_some() {
            append(
                &root,
                &[&el(
                    "p",
                    &[("class", "muted"), ("text", W::AsCodeText.text(l))],
                )],
            );
        }
        let row = el("div", &[("class", "row")]);
        match text {
            Ok(text) => {
                let area = el(
                    "textarea",
                    &[
                        ("readonly", ""),
                        ("rows", "12"),
                        ("data-testid", "export-text"),
                        ("spellcheck", "false"),
                    ],
                );
                if let Some(t) = area.dyn_ref::<HtmlTextAreaElement>() {
                    t.set_value(&text);
                }
                let href = format!("data:text/plain;charset=utf-8,{}", percent_encode(&text));
                let a = el(
                    "a",
                    &[
                        ("class", "button"),
                        ("href", &href),
                        ("download", file),
                        ("data-testid", "export-download"),
                        ("text", W::Download.text(l)),
                    ],
                );
                append(&root, &[&area]);
                append(&row, &[&a]);
            }
            Err((why, line)) => {
                let p = el(
                    "p",
                    &[
                        ("class", "error"),
                        ("role", "alert"),
                        ("data-testid", "export-refused"),
                    ],
                );
                // Between backticks, a call or an option: code, in either language.
                for (i, piece) in why.split('`').enumerate() {
                    let piece = if i % 2 == 1 {
                        el("code", &[("data-zk", ""), ("text", piece)])
                    } else {
                        el("span", &[("text", piece)])
                    };
                    append(&p, &[&piece]);
                }
                if let Some(line) = line {
                    // The line as the scenario has it: code, in either language.
                    append(
                        &p,
                        &[
                            &el("br", &[]),
                            &el("code", &[("data-zk", ""), ("text", &line)]),
                        ],
                    );
                }
                append(&root, &[&p]);
            }
        }
        let close = el(
            "button",
            &[("data-testid", "dialog-close"), ("text", W::Close.text(l))],
        );
        let host = self.host.clone();
        self.listeners
            .push(EventListener::new(&close, "click", move |_| {
                super::tell(&host, "close");
            }));
        append(&row, &[&close]);
        append(&root, &[&row]);
    }
}

/// Why the scenario cannot be written in the language, in the page's words, and the line
/// (the exporter's reason is English; `why_zh` is its Chinese, code between backticks; a
/// reason without one, which the tests do not allow, is left out of the Chinese page).
fn refusal(l: Lang, e: &ExportError) -> (String, Option<String>) {
    match e {
        ExportError::BadLine { line, .. } => (W::CannotParse.fill(l, &[line]), None),
        ExportError::Unsupported { line, text, why } => (
            match (l, zkplay_core::export::why_zh(why)) {
                (Lang::En, _) => W::CannotExport.fill(l, &[line, why]),
                (Lang::Zh, Some(zh)) => W::CannotExport.fill(l, &[line, &zh]),
                (Lang::Zh, None) => W::CannotExportZh.fill(l, &[line]),
            },
            Some(text.clone()),
        ),
        ExportError::Empty => (W::NothingToExport.text(l).to_string(), None),
    }
}

/// The import, drawn in `host`: a script to paste; Import hands it to the page (`import`),
/// which loads it in place of the sandbox.
pub fn open_import(host: HtmlElement, lang: Lang) {
    host.set_inner_html("");
    let root: web_sys::Element = host.clone().into();
    let area = el(
        "textarea",
        &[
            ("rows", "12"),
            ("placeholder", W::ImportPlaceholder.text(lang)),
            ("data-testid", "import-text"),
        ],
    );
    let row = el("div", &[("class", "row")]);
    let run = el(
        "button",
        &[
            ("data-testid", "import-run"),
            ("text", W::Import.text(lang)),
        ],
    );
    let cancel = el(
        "button",
        &[
            ("data-testid", "dialog-close"),
            ("text", W::Cancel.text(lang)),
        ],
    );
    append(&row, &[&run, &cancel]);
    append(
        &root,
        &[&el("p", &[("text", W::ImportText.text(lang))]), &area, &row],
    );
    let (h, a) = (host.clone(), area.clone());
    let on_run = EventListener::new(&run, "click", move |_| {
        let text = a
            .dyn_ref::<HtmlTextAreaElement>()
            .map(|t| t.value())
            .unwrap_or_default();
        super::tell_with(&h, "import", &[("script", text.into())]);
    });
    let h = host.clone();
    let on_cancel = EventListener::new(&cancel, "click", move |_| {
        super::tell(&h, "close");
    });
    IMPORT.with(|i| *i.borrow_mut() = vec![on_run, on_cancel]);
}

pub fn close_import() {
    IMPORT.with(|i| i.borrow_mut().clear());
}

thread_local! {
    /// The import's listeners while it is open.
    static IMPORT: RefCell<Vec<EventListener>> = const { RefCell::new(Vec::new()) };
}

/// Percent-encodes text for a data: URL.
fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
