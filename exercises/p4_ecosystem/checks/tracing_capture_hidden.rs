//! Tutor-owned tests for `tracing_capture`: the layer on nested spans, and the
//! pipeline on other orders.

#[path = "../tracing_capture.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use tracing::Level;
    use tracing_subscriber::layer::SubscriberExt;

    fn capture<T>(f: impl FnOnce() -> T) -> (T, Captured) {
        let layer = CaptureLayer::default();
        let subscriber = tracing_subscriber::registry().with(layer.clone());
        let out = tracing::subscriber::with_default(subscriber, f);
        let captured = std::mem::take(&mut *layer.captured.lock().unwrap());
        (out, captured)
    }

    #[test]
    fn hidden_nested_spans_and_scopes() {
        let (_, c) = capture(|| {
            let outer = tracing::info_span!("outer", n = 1u8);
            let _o = outer.enter();
            let inner = tracing::debug_span!("inner", flag = true, later = tracing::field::Empty);
            {
                let _i = inner.enter();
                tracing::warn!(code = "E1", "deep");
                inner.record("later", 5u32);
            }
            drop(inner);
            tracing::error!("shallow");
        });
        let deep = c.events.iter().find(|e| e.message == "deep").unwrap();
        assert_eq!(deep.level, Level::WARN);
        assert_eq!(deep.scope, vec!["outer", "inner"]);
        assert_eq!(deep.fields.get("code").map(String::as_str), Some("E1"));
        assert!(!deep.fields.contains_key("message"));
        let shallow = c.events.iter().find(|e| e.message == "shallow").unwrap();
        assert_eq!(shallow.scope, vec!["outer"]);
        let names: Vec<_> = c.spans.iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            vec!["inner", "outer"],
            "spans are recorded when they close"
        );
        assert_eq!(
            c.spans[0].fields.get("later").map(String::as_str),
            Some("5")
        );
        assert_eq!(
            c.spans[0].fields.get("flag").map(String::as_str),
            Some("true")
        );
    }

    #[test]
    fn hidden_pipeline_fields() {
        let order = Order {
            id: 4242,
            customer: "grace hopper".into(),
            items: vec![("a".into(), 50_001, 2), ("b".into(), 1, 3)],
            card_number: "3782822463100005".into(),
        };
        let (res, c) = capture(|| process_order(&order));
        assert_eq!(res, Ok(100_005));
        let top = c.spans.iter().find(|s| s.name == "process_order").unwrap();
        assert_eq!(top.fields.get("order_id").map(String::as_str), Some("4242"));
        assert_eq!(
            top.fields.get("customer").map(String::as_str),
            Some("grace hopper")
        );
        assert_eq!(
            top.fields.get("total_cents").map(String::as_str),
            Some("100005")
        );
        let charge = c.spans.iter().find(|s| s.name == "charge").unwrap();
        assert_eq!(charge.fields.get("card").map(String::as_str), Some("0005"));
        assert!(c.events.iter().any(|e| e.level == Level::WARN));
        let text = format!("{:?}{:?}", c.spans, c.events);
        assert!(!text.contains("3782822463100005"));
    }
}
