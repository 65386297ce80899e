//! Runs third-party parsers on untrusted input so that a panic inside them
//! becomes an error for that one feed or page instead of ending the program.
//!
//! The process panic hook (see `tui.rs` and `main.rs`) asks [`is_active`]
//! and stays quiet for contained panics, so the terminal is neither torn
//! down nor scribbled on.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static ACTIVE: Cell<u32> = const { Cell::new(0) };
}

/// True while the current thread runs inside [`contain`].
pub fn is_active() -> bool {
    ACTIVE.with(|a| a.get() > 0)
}

/// A panic caught by [`contain`], with its message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Panicked(pub String);

/// Runs `f`; a panic inside it is returned as `Err` with its message.
pub fn contain<T>(f: impl FnOnce() -> T) -> Result<T, Panicked> {
    ACTIVE.with(|a| a.set(a.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    ACTIVE.with(|a| a.set(a.get().saturating_sub(1)));
    result
        .map_err(|payload| {
            payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned())
        })
        .map_err(Panicked)
}

/// Installs a panic hook that is silent for contained panics and otherwise
/// runs `then` before the previous hook.
pub fn install_hook(then: impl Fn() + Send + Sync + 'static) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if is_active() {
            return;
        }
        then();
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let result: Result<(), Panicked> = contain(|| panic!("boom"));
        assert_eq!(result.unwrap_err().to_string(), "boom");
        assert!(!is_active());
    }

    #[test]
    fn a_value_passes_through() {
        assert_eq!(contain(|| 41 + 1), Ok(42));
    }
}
