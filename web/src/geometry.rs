//! Points on a circle for the page's diagrams, without the standard library's trigonometry
//! (its argument reduction for any angle adds kilobytes to the page; a diagram's angles are
//! fractions of one turn).

/// The cosine and sine of `i`/`n` of a turn, starting at the top (−90°) and going clockwise,
/// accurate to about 1e-6: far below a pixel.
pub fn turn(i: usize, n: usize) -> (f64, f64) {
    let n = n.max(1);
    // The fraction of a turn in [0, 1), then an angle in [−π, π).
    let f = (i % n) as f64 / n as f64 - 0.25;
    let f = if f < -0.5 { f + 1.0 } else { f };
    let a = f * std::f64::consts::TAU;
    (cos(a), sin(a))
}

/// sin on [−π, π]: reduced to [−π/2, π/2], then its Taylor series to x¹³.
fn sin(a: f64) -> f64 {
    use std::f64::consts::PI;
    let x = if a > PI / 2.0 {
        PI - a
    } else if a < -PI / 2.0 {
        -PI - a
    } else {
        a
    };
    let x2 = x * x;
    let mut term = x;
    let mut sum = x;
    for k in 1..7 {
        let k = k as f64;
        term *= -x2 / ((2.0 * k) * (2.0 * k + 1.0));
        sum += term;
    }
    sum
}

/// cos on [−π, π], as a shifted sine.
fn cos(a: f64) -> f64 {
    use std::f64::consts::PI;
    let b = a + PI / 2.0;
    sin(if b > PI { b - 2.0 * PI } else { b })
}

#[cfg(test)]
mod tests {
    #[test]
    fn agrees_with_the_standard_library() {
        for n in 1..40 {
            for i in 0..n {
                let (c, s) = super::turn(i, n);
                let a =
                    std::f64::consts::TAU * (i as f64) / (n as f64) - std::f64::consts::FRAC_PI_2;
                assert!((c - a.cos()).abs() < 1e-6, "cos {i}/{n}");
                assert!((s - a.sin()).abs() < 1e-6, "sin {i}/{n}");
            }
        }
    }
}
