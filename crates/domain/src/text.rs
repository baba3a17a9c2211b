//! Free-text rules shared by comments, reasons and names: trimmed, empty means none, never cut.

use crate::{Error, Result};

/// Trims `input`; an empty result becomes `None`; more than `max` characters (Unicode scalar
/// values, counted after trimming) is refused, never silently cut.
///
/// # Errors
/// `Invalid` naming `field` when the trimmed text is longer than `max`.
pub fn optional_text(field: &str, input: Option<&str>, max: usize) -> Result<Option<String>> {
    let Some(raw) = input else { return Ok(None) };
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
/// `Invalid` naming `field` when the trimmed text is empty or longer than `max`.
pub fn required_text(field: &str, input: &str, max: usize) -> Result<String> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(Error::invalid(field, &format!("must be at most {max} characters")));
    }
    Ok(trimmed.to_owned())
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
    fn required_text_refuses_blank() {
        assert_eq!(required_text("name", " \t", 200), Err(Error::invalid("name", "must not be empty")));
        assert_eq!(required_text("name", " Q1 ", 200), Ok("Q1".into()));
    }
}
