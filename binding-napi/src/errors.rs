//! hashmill-core's [`Error`](hashmill_core::Error) on its way to JavaScript, mapped here once:
//! as a thrown error for the calls that fail as a whole, or as the `{ code, message }` of an
//! outcome for work that reports per file (`lib/` words those as Node's fs errors).

use napi::{Error, Status};

/// A core error as a thrown JavaScript error whose message is `CODE\nmessage` (the core's
/// code first, which lib/errors.js `fromBinding` turns into the error users see).
pub fn core_error(e: hashmill_core::Error) -> Error {
    let status = if e.is_io() {
        Status::GenericFailure
    } else {
        Status::InvalidArg
    };
    Error::new(status, format!("{}\n{e}", e.code()))
}

/// The code and message a failed outcome carries.
pub fn code_and_message(e: &hashmill_core::Error) -> (String, String) {
    (e.code().to_owned(), e.to_string())
}
