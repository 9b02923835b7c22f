//! JSON written as production writes it: JavaScript's `JSON.stringify`, compact. It differs
//! from `serde_json` in numbers only: every number is a double, written the way JavaScript
//! writes one (`42500` for 42500.0, `1e+21`, `12345678901234567000`).

use std::fmt::Write;

use serde_json::Value;

pub(crate) fn stringify(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        // A string, `null` and a boolean are written alike by both.
        Value::Null | Value::Bool(_) | Value::String(_) => out.push_str(&value.to_string()),
        Value::Number(number) => {
            // `serde_json` holds only finite numbers, and any of them fits a double.
            write_number(out, number.as_f64().unwrap_or_default());
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(fields) => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(key.as_str()).to_string());
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// ECMAScript's `Number::toString`: the shortest digits that read back as `x`, in plain
/// notation for magnitudes from 1e-7 up to 1e21 and in exponent notation outside them.
fn write_number(out: &mut String, x: f64) {
    if x == 0.0 {
        // Negative zero too.
        out.push('0');
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    // Rust's `{:e}` gives the same shortest digits: `d.ddde±n`.
    let scientific = format!("{:e}", x.abs());
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("`{:e}` always writes an exponent");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i32 = exponent.parse().expect("`{:e}` writes a whole exponent");
    // The number is 0.DIGITS × 10^point, as ECMAScript states the rule.
    let point = exponent + 1;
    let count = digits.len() as i32;
    match point {
        _ if count <= point && point <= 21 => {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', (point - count) as usize));
        }
        1..=21 => {
            let (whole, fraction) = digits.split_at(point as usize);
            let _ = write!(out, "{whole}.{fraction}");
        }
        -5..=0 => {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-point) as usize));
            out.push_str(&digits);
        }
        _ => {
            let (first, rest) = digits.split_at(1);
            let dot = if rest.is_empty() { "" } else { "." };
            let sign = if point > 0 { "+" } else { "-" };
            let _ = write!(out, "{first}{dot}{rest}e{sign}{}", (point - 1).abs());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> String {
        stringify(&serde_json::from_str(text).unwrap())
    }

    #[test]
    fn numbers_are_written_as_javascript_writes_them() {
        for (read, written) in [
            ("42500", "42500"),
            ("42500.0", "42500"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("1.5", "1.5"),
            ("-2.25", "-2.25"),
            ("0.1", "0.1"),
            ("1e3", "1000"),
            ("123456789012345678", "123456789012345680"),
            ("18446744073709551615", "18446744073709552000"),
            ("1e21", "1e+21"),
            ("123e20", "1.23e+22"),
            ("999999999999999999999", "1e+21"),
            ("100000000000000000000", "100000000000000000000"),
            ("0.000001", "0.000001"),
            ("0.0000001", "1e-7"),
            ("0.00000123", "0.00000123"),
            ("1.5e-7", "1.5e-7"),
            ("5e-324", "5e-324"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ] {
            assert_eq!(number(read), written, "for {read}");
        }
    }

    #[test]
    fn containers_are_compact_with_keys_in_order() {
        let value = serde_json::json!({
            "b": [1.0, "x\n\u{1}\"", null, true, {}],
            "a": { "é": [] },
        });
        assert_eq!(
            stringify(&value),
            r#"{"b":[1,"x\n\u0001\"",null,true,{}],"a":{"é":[]}}"#
        );
    }
}
