//! The OpenAPI document, generated from the route annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::routes::{accounts, audit, events, meta, reviews, session, tickets};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "kefu back office", description = "Support-desk API: tickets, accounts, manual reviews, audit."),
    paths(
        session::sign_in, session::me, session::sign_out,
        tickets::list, tickets::create, tickets::get, tickets::patch, tickets::claim,
        tickets::release, tickets::note, tickets::call,
        accounts::find, accounts::get, accounts::reveal, accounts::unlock, accounts::freeze,
        accounts::unfreeze, accounts::resend_activation,
        reviews::list, reviews::create, reviews::get, reviews::image, reviews::claim, reviews::decide,
        audit::list,
        events::stream,
        meta::healthz, meta::metrics, meta::openapi,
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

/// The document served at `/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
