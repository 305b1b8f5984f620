//! Structured logging with tracing, checked through a capturing `Layer`.
//!
//! Two parts:
//! 1. Instrument the order pipeline. `process_order` runs in a span
//!    `process_order` with the fields `order_id`, `customer` and `total_cents`
//!    (known only after pricing: record it later); `price` runs in a span with
//!    the number of `items`; `charge` in a span with `amount` and `card`, the
//!    card's last four digits. The full card number must never reach a log.
//!    Emit `warn!` (with `total_cents`) for orders above `REVIEW_LIMIT_CENTS`,
//!    `error!` (with `reason`) when the card is declined, and
//!    `info!("order processed")` at the end.
//! 2. Finish `CaptureLayer`, a tracing-subscriber `Layer` that records every
//!    closed span with its final fields, and every event with its level,
//!    message, fields and the names of the spans around it (outermost first).
//!
//! The tests install the layer for one call and inspect what it captured.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Span, Subscriber, error, info, instrument, span, warn};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

pub const REVIEW_LIMIT_CENTS: u64 = 100_000;

#[derive(Debug, Clone)]
pub struct Order {
    pub id: u64,
    pub customer: String,
    /// (name, unit price in cents, quantity)
    pub items: Vec<(String, u64, u32)>,
    pub card_number: String,
}

#[derive(Debug, PartialEq)]
pub enum OrderError {
    Empty,
    Declined,
}

#[instrument(
    skip(order),
    fields(order_id = order.id, customer = %order.customer, total_cents = tracing::field::Empty)
)]
pub fn process_order(order: &Order) -> Result<u64, OrderError> {
    let total = price(order)?;
    Span::current().record("total_cents", total);
    if total > REVIEW_LIMIT_CENTS {
        warn!(total_cents = total, "order needs a manual review");
    }
    charge(&order.card_number, total)?;
    info!("order processed");
    Ok(total)
}

#[instrument(skip_all, fields(items = order.items.len()))]
fn price(order: &Order) -> Result<u64, OrderError> {
    if order.items.is_empty() {
        error!(reason = "no items", "cannot price the order");
        return Err(OrderError::Empty);
    }
    Ok(order
        .items
        .iter()
        .map(|(_, cents, qty)| cents * u64::from(*qty))
        .sum())
}

#[instrument(skip(card_number), fields(card = %last_four(card_number)))]
fn charge(card_number: &str, amount: u64) -> Result<(), OrderError> {
    if card_number.starts_with("4000") {
        error!(reason = "card declined", "payment failed");
        return Err(OrderError::Declined);
    }
    Ok(())
}

/// The last four characters of a card number, the only part that may be logged.
pub fn last_four(card_number: &str) -> &str {
    &card_number[card_number.len().saturating_sub(4)..]
}

/// A span, as it was when it closed.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanRecord {
    pub name: &'static str,
    pub fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    pub level: Level,
    pub message: String,
    /// Every field but `message`.
    pub fields: BTreeMap<String, String>,
    /// The names of the enclosing spans, outermost first.
    pub scope: Vec<&'static str>,
}

#[derive(Debug, Default)]
pub struct Captured {
    pub spans: Vec<SpanRecord>,
    pub events: Vec<EventRecord>,
}

/// Field values as text: strings without quotes, everything else as `Debug`.
#[derive(Debug, Default, Clone)]
pub struct FieldMap(pub BTreeMap<String, String>);

impl Visit for FieldMap {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
}

#[derive(Clone, Default)]
pub struct CaptureLayer {
    pub captured: Arc<Mutex<Captured>>,
}

impl<S> Layer<S> for CaptureLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &span::Attributes<'_>, id: &span::Id, ctx: Context<'_, S>) {
        let mut fields = FieldMap::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields);
        }
    }

    fn on_record(&self, id: &span::Id, values: &span::Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && let Some(fields) = span.extensions_mut().get_mut::<FieldMap>()
        {
            values.record(fields);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = FieldMap::default();
        event.record(&mut fields);
        let message = fields.0.remove("message").unwrap_or_default();
        let scope = ctx
            .event_scope(event)
            .map(|scope| scope.from_root().map(|span| span.name()).collect())
            .unwrap_or_default();
        self.captured.lock().unwrap().events.push(EventRecord {
            level: *event.metadata().level(),
            message,
            fields: fields.0,
            scope,
        });
    }

    fn on_close(&self, id: span::Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(&id) {
            let fields = span
                .extensions()
                .get::<FieldMap>()
                .map(|f| f.0.clone())
                .unwrap_or_default();
            self.captured.lock().unwrap().spans.push(SpanRecord {
                name: span.name(),
                fields,
            });
        }
    }
}

fn main() {
    use tracing_subscriber::layer::SubscriberExt;
    let layer = CaptureLayer::default();
    let subscriber = tracing_subscriber::registry().with(layer.clone());
    let order = Order {
        id: 1,
        customer: "ada".into(),
        items: vec![("book".into(), 1_500, 2)],
        card_number: "4111111111111111".into(),
    };
    tracing::subscriber::with_default(subscriber, || process_order(&order)).unwrap();
    println!("{:#?}", layer.captured.lock().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::layer::SubscriberExt;

    fn order(id: u64, card: &str, items: Vec<(String, u64, u32)>) -> Order {
        Order {
            id,
            customer: "ada".into(),
            items,
            card_number: card.into(),
        }
    }

    fn capture<T>(f: impl FnOnce() -> T) -> (T, Captured) {
        let layer = CaptureLayer::default();
        let subscriber = tracing_subscriber::registry().with(layer.clone());
        let out = tracing::subscriber::with_default(subscriber, f);
        let captured = std::mem::take(&mut *layer.captured.lock().unwrap());
        (out, captured)
    }

    fn span<'a>(c: &'a Captured, name: &str) -> &'a SpanRecord {
        c.spans
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no span `{name}` among the captured spans: {:#?}", c.spans))
    }

    fn event<'a>(
        c: &'a Captured,
        what: &str,
        test: impl Fn(&EventRecord) -> bool,
    ) -> &'a EventRecord {
        c.events
            .iter()
            .find(|e| test(e))
            .unwrap_or_else(|| panic!("no {what} among the captured events: {:#?}", c.events))
    }

    fn books() -> Vec<(String, u64, u32)> {
        vec![("book".into(), 1_500, 2), ("pen".into(), 250, 4)]
    }

    #[test]
    fn the_layer_records_events_outside_spans() {
        let (_, c) = capture(|| info!(answer = 42, "hello"));
        assert_eq!(
            c.events,
            vec![EventRecord {
                level: Level::INFO,
                message: "hello".into(),
                fields: BTreeMap::from([("answer".into(), "42".into())]),
                scope: vec![],
            }]
        );
    }

    #[test]
    fn the_layer_records_closed_spans_with_late_fields() {
        let (_, c) = capture(|| {
            let s = tracing::info_span!("job", id = 3, state = tracing::field::Empty);
            let _guard = s.enter();
            s.record("state", "done");
        });
        assert_eq!(
            span(&c, "job").fields,
            BTreeMap::from([("id".into(), "3".into()), ("state".into(), "done".into())])
        );
    }

    #[test]
    fn process_order_span_has_its_fields() {
        let (total, c) = capture(|| process_order(&order(7, "4111111111111111", books())));
        assert_eq!(total, Ok(4_000));
        let fields = &span(&c, "process_order").fields;
        assert_eq!(fields.get("order_id").map(String::as_str), Some("7"));
        assert_eq!(fields.get("customer").map(String::as_str), Some("ada"));
        assert_eq!(fields.get("total_cents").map(String::as_str), Some("4000"));
        assert_eq!(
            span(&c, "price").fields.get("items").map(String::as_str),
            Some("2")
        );
        let charge = &span(&c, "charge").fields;
        assert_eq!(charge.get("card").map(String::as_str), Some("1111"));
        assert_eq!(charge.get("amount").map(String::as_str), Some("4000"));
    }

    #[test]
    fn events_carry_their_scope() {
        let (_, c) = capture(|| process_order(&order(8, "5555444433331111", books())));
        let done = event(&c, "`order processed` event", |e| {
            e.message == "order processed"
        });
        assert_eq!(done.level, Level::INFO);
        assert_eq!(done.scope, vec!["process_order"]);
    }

    #[test]
    fn declined_card_is_an_error_event_inside_charge() {
        let (res, c) = capture(|| process_order(&order(9, "4000000000000002", books())));
        assert_eq!(res, Err(OrderError::Declined));
        let err = event(&c, "error event", |e| e.level == Level::ERROR);
        assert_eq!(err.scope, vec!["process_order", "charge"]);
        assert_eq!(
            err.fields.get("reason").map(String::as_str),
            Some("card declined")
        );
        assert!(c.events.iter().all(|e| e.message != "order processed"));
    }

    #[test]
    fn big_orders_are_flagged_for_review() {
        let items = vec![("piano".into(), 150_000, 1)];
        let (_, c) = capture(|| process_order(&order(10, "5555444433331111", items)));
        let warn = event(&c, "warning", |e| e.level == Level::WARN);
        assert_eq!(
            warn.fields.get("total_cents").map(String::as_str),
            Some("150000")
        );
        let (_, small) = capture(|| process_order(&order(11, "5555444433331111", books())));
        assert!(small.events.iter().all(|e| e.level != Level::WARN));
    }

    #[test]
    fn empty_orders_fail_in_price() {
        let (res, c) = capture(|| process_order(&order(12, "5555444433331111", vec![])));
        assert_eq!(res, Err(OrderError::Empty));
        let err = event(&c, "error event", |e| e.level == Level::ERROR);
        assert_eq!(err.scope, vec!["process_order", "price"]);
        assert!(c.spans.iter().all(|s| s.name != "charge"), "never charged");
    }

    #[test]
    fn the_card_number_never_reaches_the_logs() {
        let card = "5555444433331111";
        let (_, c) = capture(|| process_order(&order(13, card, books())));
        assert_eq!(
            c.spans.len(),
            3,
            "process_order, price and charge: {:#?}",
            c.spans
        );
        let everything = format!("{:?}{:?}", c.spans, c.events);
        assert!(!everything.contains(card), "{everything}");
        assert!(!everything.contains("card_number"), "{everything}");
    }
}
