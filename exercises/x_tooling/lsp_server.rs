//! A language server for a toy language, tested by talking JSON-RPC to it.
//!
//! The toy language has one statement per line, `let NAME = VALUE`. The server
//! speaks the Language Server Protocol over stdin/stdout, but `serve` takes any
//! reader and writer, so the tests drive it entirely in memory: they write
//! framed messages (`Content-Length: N\r\n\r\n{json}`) into a buffer, run
//! `serve`, and read the framed replies. `lsp-server` does the framing
//! (`Message::read`, `Message::write`); `lsp-types` has the typed parameters
//! and results. (tower-lsp, which some texts use, is largely unmaintained.)
//!
//! The server must:
//!
//! * answer `initialize` with its capabilities: full document sync, hover,
//!   completion; refuse every other request before it with error -32002
//!   (`ServerNotInitialized`);
//! * keep the text of open documents (`didOpen`, `didChange` with the whole
//!   text, `didClose`);
//! * `textDocument/hover` on a name that a `let` defines: markdown with the
//!   defining line in a code block (see the tests); anywhere else: `null`.
//!   Positions count UTF-16 code units, as the protocol says, not bytes;
//! * `textDocument/completion`: every defined name (kind `VARIABLE`, the value
//!   as `detail`), sorted, then the keyword `let` (kind `KEYWORD`);
//! * answer an unknown request with -32601 (`MethodNotFound`);
//! * `shutdown` then `exit`: `serve` returns `Ok(true)`; `exit` without
//!   `shutdown`, or the end of the input: `Ok(false)`.

use lsp_server::{Message, Request, Response};
use lsp_types::{
    CompletionOptions, HoverProviderCapability, InitializeResult, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind,
};
use std::io::{self, BufRead, Write};

fn capabilities() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions::default()),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "toy-lsp".into(),
            version: None,
        }),
    }
}

pub fn serve(mut input: impl BufRead, mut output: impl Write) -> io::Result<bool> {
    let mut shutdown = false;
    while let Some(message) = Message::read(&mut input)? {
        match message {
            Message::Request(req) => {
                let response = handle(req, &mut shutdown);
                Message::Response(response).write(&mut output)?;
            }
            Message::Notification(note) => {
                if note.method == "exit" {
                    return Ok(shutdown);
                }
                // TODO: documents.
            }
            Message::Response(_) => {}
        }
    }
    Ok(false)
}

fn handle(req: Request, shutdown: &mut bool) -> Response {
    match req.method.as_str() {
        "initialize" => Response::new_ok(req.id, capabilities()),
        "shutdown" => {
            *shutdown = true;
            Response::new_ok(req.id, ())
        }
        // TODO: hover, completion, and the errors.
        _ => Response::new_ok(req.id, ()),
    }
}

fn main() {
    let stdin = io::stdin();
    let stdout = io::stdout();
    match serve(stdin.lock(), stdout.lock()) {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_server::{Notification, RequestId};
    use serde_json::{Value, json};

    const URI: &str = "file:///project/main.toy";
    const TEXT: &str =
        "let greeting = \"hello\"\nlet answer = 42\nlet naïve = café\nlet café = answer";

    fn request(id: i32, method: &str, params: Value) -> Message {
        Request::new(RequestId::from(id), method.into(), params).into()
    }

    fn notification(method: &str, params: Value) -> Message {
        Notification::new(method.into(), params).into()
    }

    fn initialize() -> Message {
        request(1, "initialize", json!({ "capabilities": {} }))
    }

    fn open(text: &str) -> Message {
        notification(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": URI, "languageId": "toy", "version": 1, "text": text } }),
        )
    }

    fn hover(id: i32, line: u32, character: u32) -> Message {
        request(
            id,
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } }),
        )
    }

    fn completion(id: i32) -> Message {
        request(
            id,
            "textDocument/completion",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
        )
    }

    fn end() -> Vec<Message> {
        vec![
            request(99, "shutdown", Value::Null),
            notification("exit", Value::Null),
        ]
    }

    /// Runs a whole session in memory: frames the messages, serves them, and
    /// parses the replies.
    fn session(messages: Vec<Message>) -> (bool, Vec<Response>) {
        let mut input = Vec::new();
        for m in messages {
            m.write(&mut input).unwrap();
        }
        let mut output = Vec::new();
        let clean = serve(io::Cursor::new(input), &mut output).unwrap();
        let mut reader = io::Cursor::new(output);
        let mut responses = Vec::new();
        while let Some(m) = Message::read(&mut reader).unwrap() {
            match m {
                Message::Response(r) => responses.push(r),
                other => panic!("the server sent {other:?}"),
            }
        }
        (clean, responses)
    }

    fn result(responses: &[Response], id: i32) -> Value {
        let r = responses
            .iter()
            .find(|r| r.id == RequestId::from(id))
            .unwrap_or_else(|| panic!("no response to request {id}"));
        match &r.response_result {
            Ok(value) => value.clone(),
            Err(err) => panic!("request {id} failed: {err:?}"),
        }
    }

    fn error_code(responses: &[Response], id: i32) -> i32 {
        let r = responses
            .iter()
            .find(|r| r.id == RequestId::from(id))
            .unwrap();
        match &r.response_result {
            Err(err) => err.code,
            Ok(value) => panic!("request {id} succeeded with {value}"),
        }
    }

    fn hover_text(value: &Value) -> Option<String> {
        value["contents"]["value"].as_str().map(str::to_string)
    }

    #[test]
    fn initialize_advertises_the_capabilities() {
        let (_, r) = session([vec![initialize()], end()].concat());
        let caps = &result(&r, 1)["capabilities"];
        assert_eq!(caps["textDocumentSync"], json!(1));
        assert_eq!(caps["hoverProvider"], json!(true));
        assert!(caps["completionProvider"].is_object());
    }

    #[test]
    fn hover_shows_the_definition() {
        let (_, r) = session([vec![initialize(), open(TEXT), hover(2, 3, 12)], end()].concat());
        let value = result(&r, 2);
        assert_eq!(value["contents"]["kind"], json!("markdown"));
        assert_eq!(hover_text(&value).unwrap(), "```toy\nlet answer = 42\n```");
    }

    #[test]
    fn hover_on_a_definition_itself() {
        let (_, r) = session([vec![initialize(), open(TEXT), hover(2, 0, 6)], end()].concat());
        assert_eq!(
            hover_text(&result(&r, 2)).unwrap(),
            "```toy\nlet greeting = \"hello\"\n```"
        );
    }

    #[test]
    fn hover_elsewhere_is_null() {
        let messages = vec![
            initialize(),
            open(TEXT),
            hover(2, 0, 0),  // the keyword `let`
            hover(3, 0, 13), // a space
            hover(4, 0, 16), // inside the string "hello"
            hover(5, 9, 0),  // no such line
        ];
        let (_, r) = session([messages, end()].concat());
        for id in 2..=5 {
            assert_eq!(result(&r, id), Value::Null, "request {id}");
        }
    }

    #[test]
    fn positions_count_utf16_code_units() {
        // On line 2, `café` starts at character 12, but at byte 13.
        let (_, r) = session([vec![initialize(), open(TEXT), hover(2, 2, 12)], end()].concat());
        assert_eq!(
            hover_text(&result(&r, 2)).unwrap(),
            "```toy\nlet café = answer\n```"
        );
    }

    #[test]
    fn a_change_replaces_the_text() {
        let change = notification(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": "let answer = 43" }] }),
        );
        let (_, r) = session(
            [
                vec![initialize(), open(TEXT), change, hover(2, 0, 5)],
                end(),
            ]
            .concat(),
        );
        assert_eq!(
            hover_text(&result(&r, 2)).unwrap(),
            "```toy\nlet answer = 43\n```"
        );
    }

    #[test]
    fn a_closed_document_is_forgotten() {
        let close = notification(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": URI } }),
        );
        let (_, r) =
            session([vec![initialize(), open(TEXT), close, hover(2, 1, 5)], end()].concat());
        assert_eq!(result(&r, 2), Value::Null);
    }

    #[test]
    fn completion_lists_the_names_then_the_keyword() {
        let (_, r) = session([vec![initialize(), open(TEXT), completion(2)], end()].concat());
        let items = result(&r, 2);
        let items = items.as_array().expect("a list of completion items");
        let summary: Vec<(String, u64, Option<String>)> = items
            .iter()
            .map(|i| {
                (
                    i["label"].as_str().unwrap().to_string(),
                    i["kind"].as_u64().unwrap(),
                    i["detail"].as_str().map(str::to_string),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("answer".to_string(), 6, Some("42".to_string())),
                ("café".to_string(), 6, Some("answer".to_string())),
                ("greeting".to_string(), 6, Some("\"hello\"".to_string())),
                ("naïve".to_string(), 6, Some("café".to_string())),
                ("let".to_string(), 14, None),
            ]
        );
    }

    #[test]
    fn requests_before_initialize_are_refused() {
        let (_, r) = session([vec![hover(7, 0, 0), initialize()], end()].concat());
        assert_eq!(error_code(&r, 7), -32002);
        assert!(result(&r, 1).is_object());
    }

    #[test]
    fn unknown_requests_are_method_not_found() {
        let messages = vec![initialize(), request(2, "textDocument/rename", json!({}))];
        let (_, r) = session([messages, end()].concat());
        assert_eq!(error_code(&r, 2), -32601);
    }

    #[test]
    fn exit_is_clean_only_after_shutdown() {
        let (clean, r) = session([vec![initialize()], end()].concat());
        assert!(clean);
        assert_eq!(result(&r, 99), Value::Null);
        let (clean, _) = session(vec![initialize(), notification("exit", Value::Null)]);
        assert!(!clean);
        let (clean, _) = session(vec![initialize()]);
        assert!(!clean);
    }
}
