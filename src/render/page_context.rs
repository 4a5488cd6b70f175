//! The template context of a page, made from its language's base context.
//!
//! A tera 2 value shares its maps, lists and long strings (`Arc`), so a
//! page's context is the base context (`t`, `site`, `nav_html`,
//! `footer_html`) cloned, which copies a handful of pointers, and the page's
//! own variables added to it.

/// The start of every context of one language and navigation state.
pub(super) struct BaseContext {
    base: tera::Context,
}

impl BaseContext {
    /// Pages' contexts that start as `base`.
    pub(super) fn new(base: tera::Context) -> Self {
        BaseContext { base }
    }

    /// A context holding `base`'s variables, to which a page adds its own.
    pub(super) fn page(&self) -> PageContext {
        PageContext { ctx: self.base.clone() }
    }
}

/// A page's context: `base`'s variables and what the page inserts.
pub(super) struct PageContext {
    ctx: tera::Context,
}

impl PageContext {
    /// Sets variable `key` to `value`, serialised.
    pub(super) fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.ctx.insert(key, value);
    }

    /// Sets variable `key` to a value made already (shared, not copied).
    pub(super) fn insert_value(&mut self, key: &'static str, value: tera::Value) {
        self.ctx.insert_value(key, value);
    }
}

impl std::ops::Deref for PageContext {
    type Target = tera::Context;
    fn deref(&self) -> &tera::Context {
        &self.ctx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_starts_with_only_the_base_values() {
        let mut base = tera::Context::new();
        base.insert("t", &serde_json::json!({"hello": "你好"}));
        let base = BaseContext::new(base);
        {
            let mut ctx = base.page();
            ctx.insert("story", &"a");
            assert_eq!(ctx.get("story").and_then(tera::Value::as_str), Some("a"));
        }
        let again = base.page();
        assert!(again.get("story").is_none());
        let hello = again
            .get("t")
            .and_then(|t| t.get_from_path("hello"))
            .and_then(tera::Value::as_str);
        assert_eq!(hello, Some("你好"));
    }
}
