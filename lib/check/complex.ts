/**
 * A tiny complex-number type, and the complex-step derivative
 * f'(x) ≈ Im f(x + i·h) / h. It has no subtraction of nearly equal numbers, so
 * no round-off blow-up: h = 1e-20 gives f'(x) to machine precision. The price:
 * f must be written against Complex and be real-analytic where it is evaluated
 * (abs and max need the usual complex-step conventions, such as abs(x + ih) =
 * sign(x)·(x + ih), and fail at their kinks).
 * Introduced in notebook 09-choosing-e.
 */

/** A complex number re + i·im, immutable. */
export class Complex {
  constructor(
    readonly re: number,
    readonly im: number = 0,
  ) {}

  add(o: Complex | number): Complex {
    const b = toComplex(o);
    return new Complex(this.re + b.re, this.im + b.im);
  }

  sub(o: Complex | number): Complex {
    const b = toComplex(o);
    return new Complex(this.re - b.re, this.im - b.im);
  }

  mul(o: Complex | number): Complex {
    const b = toComplex(o);
    return new Complex(this.re * b.re - this.im * b.im, this.re * b.im + this.im * b.re);
  }

  div(o: Complex | number): Complex {
    const b = toComplex(o);
    const d = b.re * b.re + b.im * b.im;
    return new Complex((this.re * b.re + this.im * b.im) / d, (this.im * b.re - this.re * b.im) / d);
  }

  neg(): Complex {
    return new Complex(-this.re, -this.im);
  }

  toString(): string {
    return `${this.re}${this.im < 0 ? "-" : "+"}${Math.abs(this.im)}i`;
  }
}

/**
 * Wraps a real number as a Complex with zero imaginary part.
 * @example
 *   toComplex(2); // 2+0i
 */
export function toComplex(x: Complex | number): Complex {
  return typeof x === "number" ? new Complex(x, 0) : x;
}

/**
 * Complex functions for writing f once for the complex step.
 * @example
 *   cexp(new Complex(0, Math.PI)).re; // -1
 */
export function cexp(z: Complex): Complex {
  const r = Math.exp(z.re);
  return new Complex(r * Math.cos(z.im), r * Math.sin(z.im));
}

/** sin(z) = sin(a)cosh(b) + i·cos(a)sinh(b). @example csin(new Complex(0, 0)).re; // 0 */
export function csin(z: Complex): Complex {
  return new Complex(Math.sin(z.re) * Math.cosh(z.im), Math.cos(z.re) * Math.sinh(z.im));
}

/** cos(z) = cos(a)cosh(b) − i·sin(a)sinh(b). @example ccos(new Complex(0, 0)).re; // 1 */
export function ccos(z: Complex): Complex {
  return new Complex(Math.cos(z.re) * Math.cosh(z.im), -Math.sin(z.re) * Math.sinh(z.im));
}

/** The principal logarithm. @example clog(new Complex(Math.E, 0)).re; // 1 */
export function clog(z: Complex): Complex {
  return new Complex(Math.log(Math.hypot(z.re, z.im)), Math.atan2(z.im, z.re));
}

/** tanh(z) = (e^{2z} − 1)/(e^{2z} + 1), for |re z| not huge. @example ctanh(new Complex(0, 0)).re; // 0 */
export function ctanh(z: Complex): Complex {
  if (z.re > 20) return new Complex(1, 0);
  if (z.re < -20) return new Complex(-1, 0);
  const e2 = cexp(z.mul(2));
  return e2.sub(1).div(e2.add(1));
}

/** 1/(1 + e^{−z}). @example csigmoid(new Complex(0, 0)).re; // 0.5 */
export function csigmoid(z: Complex): Complex {
  return new Complex(1, 0).div(cexp(z.neg()).add(1));
}

/**
 * The complex-step derivative Im f(x + i·h) / h. Default h = 1e-20.
 * @example
 *   complexStepDerivative((z) => cexp(z), 0); // 1, to the last digit
 */
export function complexStepDerivative(f: (z: Complex) => Complex, x: number, h = 1e-20): number {
  return f(new Complex(x, h)).im / h;
}
