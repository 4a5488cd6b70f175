//! The template context of a page, lent from its language's pool.
//!
//! tera 1.x owns every value of a context, so a new context per page would
//! copy the language's ~90 UI strings (`t`) into each of them. A pool keeps
//! contexts that hold `t` already; a page adds its own variables, and they
//! are removed when it gives the context back.

use std::sync::Mutex;

/// Contexts of one language, each holding `t` and nothing else while free.
pub(super) struct ContextPool {
    /// `{"t": …}`, the start of every context of the language.
    base: tera::Value,
    free: Mutex<Vec<tera::Context>>,
}

impl ContextPool {
    /// A pool whose contexts start as `base` (a JSON object).
    pub(super) fn new(base: tera::Value) -> Self {
        ContextPool {
            base,
            free: Mutex::new(Vec::new()),
        }
    }

    /// A context holding only `base`'s variables, until it is dropped.
    pub(super) fn lend(&self) -> PageContext<'_> {
        let free = self.free.lock().ok().and_then(|mut free| free.pop());
        let ctx = free.unwrap_or_else(|| tera::Context::from_value(self.base.clone()).unwrap_or_default());
        PageContext {
            pool: self,
            ctx,
            added: Vec::new(),
        }
    }
}

/// A lent context: `base`'s variables and what the page inserts.
pub(super) struct PageContext<'a> {
    pool: &'a ContextPool,
    ctx: tera::Context,
    /// The variables this page inserted, removed when it is dropped.
    added: Vec<&'static str>,
}

impl PageContext<'_> {
    /// Sets variable `key` (any but the pool's own, which stay as they are).
    pub(super) fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.ctx.insert(key, value);
        self.added.push(key);
    }
}

impl std::ops::Deref for PageContext<'_> {
    type Target = tera::Context;
    fn deref(&self) -> &tera::Context {
        &self.ctx
    }
}

impl Drop for PageContext<'_> {
    fn drop(&mut self) {
        let replaced_base = match &self.pool.base {
            tera::Value::Object(base) => self.added.iter().any(|k| base.contains_key(*k)),
            _ => true,
        };
        if replaced_base {
            // It no longer holds the pool's values: it is not given back.
            return;
        }
        for key in &self.added {
            self.ctx.remove(key);
        }
        if let Ok(mut free) = self.pool.free.lock() {
            free.push(std::mem::take(&mut self.ctx));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> ContextPool {
        ContextPool::new(serde_json::json!({"t": {"hello": "你好"}}))
    }

    #[test]
    fn a_context_comes_back_with_only_the_pools_values() {
        let pool = pool();
        {
            let mut ctx = pool.lend();
            ctx.insert("story", &"a");
            assert_eq!(ctx.get("story"), Some(&serde_json::json!("a")));
            assert_eq!(ctx.get("t"), Some(&serde_json::json!({"hello": "你好"})));
        }
        assert_eq!(pool.free.lock().expect("lock").len(), 1);
        let again = pool.lend();
        assert_eq!(
            pool.free.lock().expect("lock").len(),
            0,
            "the same context is lent again"
        );
        assert_eq!(again.get("story"), None);
        assert_eq!(again.get("t"), Some(&serde_json::json!({"hello": "你好"})));
    }

    #[test]
    fn a_context_whose_base_was_replaced_is_not_lent_again() {
        let pool = pool();
        {
            let mut ctx = pool.lend();
            ctx.insert("t", &"other");
        }
        assert_eq!(pool.free.lock().expect("lock").len(), 0);
        assert_eq!(pool.lend().get("t"), Some(&serde_json::json!({"hello": "你好"})));
    }
}
