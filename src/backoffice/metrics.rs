//! Request metrics in the Prometheus text format: counts, errors and latencies by route.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Debug, Default, Clone)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Collected metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<(String, String), RouteStats>>,
}

impl Metrics {
    /// Record one request.
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let Ok(mut routes) = self.routes.lock() else {
            return;
        };
        let s = routes
            .entry((method.to_string(), route.to_string()))
            .or_default();
        *s.by_status.entry(status).or_default() += 1;
        s.count += 1;
        s.sum += seconds;
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                s.buckets[i] += 1;
            }
        }
    }

    /// The Prometheus exposition text.
    pub fn render(&self) -> String {
        let routes = self.routes.lock().map(|r| r.clone()).unwrap_or_default();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP kefu_http_requests_total HTTP requests by route and status."
        );
        let _ = writeln!(out, "# TYPE kefu_http_requests_total counter");
        for ((m, r), s) in &routes {
            for (status, n) in &s.by_status {
                let _ = writeln!(out, "kefu_http_requests_total{{method=\"{m}\",route=\"{r}\",status=\"{status}\"}} {n}");
            }
        }
        let _ = writeln!(
            out,
            "# HELP kefu_http_errors_total HTTP responses with status 400 or above, by route."
        );
        let _ = writeln!(out, "# TYPE kefu_http_errors_total counter");
        for ((m, r), s) in &routes {
            let errors: u64 = s
                .by_status
                .iter()
                .filter(|(st, _)| **st >= 400)
                .map(|(_, n)| n)
                .sum();
            let _ = writeln!(
                out,
                "kefu_http_errors_total{{method=\"{m}\",route=\"{r}\"}} {errors}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP kefu_http_request_duration_seconds Request latency by route."
        );
        let _ = writeln!(out, "# TYPE kefu_http_request_duration_seconds histogram");
        for ((m, r), s) in &routes {
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "kefu_http_request_duration_seconds_bucket{{method=\"{m}\",route=\"{r}\",le=\"{b}\"}} {}",
                    s.buckets[i]
                );
            }
            let _ = writeln!(out, "kefu_http_request_duration_seconds_bucket{{method=\"{m}\",route=\"{r}\",le=\"+Inf\"}} {}", s.count);
            let _ = writeln!(
                out,
                "kefu_http_request_duration_seconds_sum{{method=\"{m}\",route=\"{r}\"}} {}",
                s.sum
            );
            let _ = writeln!(
                out,
                "kefu_http_request_duration_seconds_count{{method=\"{m}\",route=\"{r}\"}} {}",
                s.count
            );
        }
        out
    }
}

/// Middleware that records every request under its route template.
pub async fn track(
    State(metrics): State<std::sync::Arc<Metrics>>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().to_string();
    // The template (`/api/v1/tickets/{id}`), never the raw path: ids must not explode the label set.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let start = Instant::now();
    let resp = next.run(req).await;
    metrics.observe(
        &method,
        &route,
        resp.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_errors_and_buckets() {
        let m = Metrics::default();
        m.observe("GET", "/a", 200, 0.002);
        m.observe("GET", "/a", 404, 0.2);
        let text = m.render();
        assert!(
            text.contains("kefu_http_requests_total{method=\"GET\",route=\"/a\",status=\"404\"} 1")
        );
        assert!(text.contains("kefu_http_errors_total{method=\"GET\",route=\"/a\"} 1"));
        assert!(text.contains("le=\"0.0025\"} 1"));
        assert!(text.contains("_count{method=\"GET\",route=\"/a\"} 2"));
    }
}
