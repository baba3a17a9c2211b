//! Free-text rules shared by comments, reasons and names: trimmed, empty means none, never cut,
//! and never a NUL character (PostgreSQL's text cannot hold one: it would be a 500, not a 400).

use crate::{Error, Result};

/// Trims `input`; an empty result becomes `None`; more than `max` characters (Unicode scalar
/// values, counted after trimming) is refused, never silently cut.
///
/// # Errors
/// `Invalid` naming `field` when the trimmed text is longer than `max` or holds a NUL.
pub fn optional_text(field: &str, input: Option<&str>, max: usize) -> Result<Option<String>> {
    let Some(raw) = input else { return Ok(None) };
    no_nul(field, raw)?;
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max {
        return Err(Error::invalid(field, &format!("must be at most {max} characters")));
    }
    Ok(Some(trimmed.to_owned()))
}

/// Trims `input`, which must then hold 1..=`max` characters.
///
/// # Errors
/// `Invalid` naming `field` when the trimmed text is empty, longer than `max` or holds a NUL.
pub fn required_text(field: &str, input: &str, max: usize) -> Result<String> {
    no_nul(field, input)?;
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(Error::invalid(field, &format!("must be at most {max} characters")));
    }
    Ok(trimmed.to_owned())
}

/// Refuses a NUL character, which PostgreSQL's `text` cannot store.
///
/// # Errors
/// `Invalid` naming `field`.
pub fn no_nul(field: &str, input: &str) -> Result<()> {
    if input.contains('\0') { Err(Error::invalid(field, "must not contain NUL characters")) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_empty_is_none() {
        assert_eq!(optional_text("comment", Some("  hi  "), 5), Ok(Some("hi".into())));
        assert_eq!(optional_text("comment", Some("   "), 5), Ok(None));
        assert_eq!(optional_text("comment", None, 5), Ok(None));
    }

    #[test]
    fn length_counts_characters_after_trimming_and_never_cuts() {
        let five_accents = "ééééé";
        assert_eq!(optional_text("comment", Some(&format!(" {five_accents} ")), 5), Ok(Some(five_accents.into())));
        assert_eq!(
            optional_text("comment", Some("abcdef"), 5),
            Err(Error::invalid("comment", "must be at most 5 characters"))
        );
    }

    #[test]
    fn nul_characters_are_refused_wherever_they_stand() {
        let nul = Err(Error::invalid("title", "must not contain NUL characters"));
        assert_eq!(required_text("title", "a\0b", 200), nul);
        assert_eq!(
            optional_text("title", Some("\0"), 200),
            Err(Error::invalid("title", "must not contain NUL characters"))
        );
        assert_eq!(optional_text("title", Some("ok "), 200), Ok(Some("ok".into())));
        assert_eq!(no_nul("title", "plain"), Ok(()));
    }

    #[test]
    fn required_text_refuses_blank() {
        assert_eq!(required_text("name", " \t", 200), Err(Error::invalid("name", "must not be empty")));
        assert_eq!(required_text("name", " Q1 ", 200), Ok("Q1".into()));
    }
}
