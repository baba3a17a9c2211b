//! List pagination as the spec README gives it.

/// `page` (default 1; below 1 → 1) and `limit` (default 50; clamped to 1..=100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub limit: u32,
}

impl PageRequest {
    pub const DEFAULT_LIMIT: u32 = 50;
    pub const MAX_LIMIT: u32 = 100;

    /// Builds from raw query values; a value that is not an integer falls back to the default.
    pub fn from_raw(page: Option<&str>, limit: Option<&str>) -> PageRequest {
        let page = page.and_then(|p| p.trim().parse::<i64>().ok()).unwrap_or(1).clamp(1, u32::MAX as i64);
        let limit = limit
            .and_then(|l| l.trim().parse::<i64>().ok())
            .unwrap_or(Self::DEFAULT_LIMIT as i64)
            .clamp(1, Self::MAX_LIMIT as i64);
        PageRequest { page: page as u32, limit: limit as u32 }
    }

    pub fn offset(&self) -> i64 {
        (i64::from(self.page) - 1) * i64::from(self.limit)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest { page: 1, limit: Self::DEFAULT_LIMIT }
    }
}

/// One page of a list and the total across pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub limit: u32,
    pub total: i64,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, req: PageRequest, total: i64) -> Page<T> {
        Page { items, page: req.page, limit: req.limit, total }
    }

    /// `ceil(total / limit)`, 0 when total is 0.
    pub fn total_pages(&self) -> i64 {
        let limit = i64::from(self.limit.max(1));
        (self.total + limit - 1) / limit
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), page: self.page, limit: self.limit, total: self.total }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_clamps_and_fallbacks() {
        assert_eq!(PageRequest::from_raw(None, None), PageRequest { page: 1, limit: 50 });
        assert_eq!(PageRequest::from_raw(Some("0"), Some("1000")), PageRequest { page: 1, limit: 100 });
        assert_eq!(PageRequest::from_raw(Some("-3"), Some("0")), PageRequest { page: 1, limit: 1 });
        assert_eq!(PageRequest::from_raw(Some("abc"), Some("2.5")), PageRequest { page: 1, limit: 50 });
        assert_eq!(PageRequest::from_raw(Some("3"), Some("20")).offset(), 40);
    }

    #[test]
    fn total_pages_is_a_ceiling_and_zero_for_nothing() {
        let req = PageRequest { page: 1, limit: 50 };
        assert_eq!(Page::<()>::new(vec![], req, 0).total_pages(), 0);
        assert_eq!(Page::<()>::new(vec![], req, 50).total_pages(), 1);
        assert_eq!(Page::<()>::new(vec![], req, 51).total_pages(), 2);
    }
}
