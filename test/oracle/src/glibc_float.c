/* Floating point through glibc on the x87: printf and strtod conversions,
 * libm, fenv rounding modes and exception flags, integer conversions, long
 * double. Built at -O0 and -O2 (the two keep values in different places: the
 * x87 stack or memory); both must print what the CPU prints. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile double vzero = 0.0, vone = 1.0, vbig = 1e308, vtiny = 1e-308;

static void formats(double x) {
  printf("%f|%.3f|%e|%.0e|%g|%.17g|%a|%10.4f|%-12.2e|%+g\n", x, x, x, x, x, x, x, x, x, x);
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  static const double values[] = {0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3, 3.141592653589793, 2.5, 0.125, 1e300, 1e-300,
    5e-324, 2.2250738585072014e-308, DBL_MAX, 123456789.125, -987654321.5, 1e15 + 0.3, 0.000123456};
  puts("-- printf");
  for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) formats(values[i]);
  printf("%f %f %f %e %g\n", vone / vzero, -vone / vzero, vzero / vzero, vbig * 10, vtiny / 1e10);
  printf("%.1f %.1f %.1f %.1f %.0f %.0f %.2f\n", 0.25, 0.35, 2.45, -0.05, 0.5, 1.5, 1.005);
  float f = 16777217.0f, g = 0.1f;
  printf("%f %.10f %a %g\n", f, g, g, (double)g * 3);

  puts("-- strtod");
  static const char *texts[] = {"0.1", "1e-310", "123456789012345678901234567890", "0x1.8p3", "-inf", "nan", "-0",
    "2.2250738585072011e-308", "1.7976931348623157e308", "1e309", "4.9406564584124654e-324", "  42.5abc", "0.30000000000000004"};
  for (unsigned i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    char *end;
    double d = strtod(texts[i], &end);
    float s = strtof(texts[i], NULL);
    long double l = strtold(texts[i], NULL);
    printf("%s -> %.17g %a rest=[%s] f=%a ld=%La\n", texts[i], d, d, end, s, l);
  }

  puts("-- libm");
  static const double args[] = {0.5, 1.0, 2.0, 10.0, 0.001, 100.25, -3.75};
  for (unsigned i = 0; i < sizeof args / sizeof args[0]; i++) {
    double x = args[i];
    printf("x=%g sqrt=%.17g exp=%.17g log=%.17g pow=%.17g\n", x, sqrt(fabs(x)), exp(x), log(fabs(x)), pow(fabs(x), 1.75));
    printf("  sin=%.17g cos=%.17g tan=%.17g atan2=%.17g\n", sin(x), cos(x), tan(x), atan2(x, 3.0));
    printf("  floor=%g ceil=%g round=%g trunc=%g fmod=%.17g hypot=%.17g cbrt=%.17g log10=%.17g\n", floor(x), ceil(x),
      round(x), trunc(x), fmod(x, 0.3), hypot(x, 4.0), cbrt(x), log10(fabs(x)));
  }
  printf("sqrt(-1)=%f log(0)=%f pow(0,-1)=%f exp(1000)=%f\n", sqrt(-vone), log(vzero), pow(vzero, -1), exp(1000 * vone));

  puts("-- fenv");
  static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  static const char *names[] = {"nearest", "upward", "downward", "towardzero"};
  for (int i = 0; i < 4; i++) {
    fesetround(modes[i]);
    volatile double third = vone / 3, neg = -vone / 3;
    printf("%s: %a %a rint(2.5)=%g rint(-2.5)=%g nearbyint(3.5)=%g lrint(-1.5)=%ld %.20f\n", names[i], third, neg,
      rint(2.5 * vone), rint(-2.5 * vone), nearbyint(3.5 * vone), lrint(-1.5 * vone), third);
  }
  fesetround(FE_TONEAREST);
  feclearexcept(FE_ALL_EXCEPT);
  volatile double r = vone / vzero;
  printf("div by zero: %d %d\n", fetestexcept(FE_DIVBYZERO) != 0, fetestexcept(FE_INVALID) != 0);
  feclearexcept(FE_ALL_EXCEPT);
  r = vzero / vzero;
  printf("invalid: %d inexact: %d\n", fetestexcept(FE_INVALID) != 0, fetestexcept(FE_INEXACT) != 0);
  feclearexcept(FE_ALL_EXCEPT);
  r = vbig * vbig;
  printf("overflow: %d inexact: %d\n", fetestexcept(FE_OVERFLOW) != 0, fetestexcept(FE_INEXACT) != 0);
  feclearexcept(FE_ALL_EXCEPT);
  r = vtiny * vtiny;
  printf("underflow: %d r=%g\n", fetestexcept(FE_UNDERFLOW) != 0, r);
  fenv_t env;
  fegetenv(&env);
  fesetround(FE_UPWARD);
  fesetenv(&env);
  printf("round after fesetenv: %d\n", fegetround() == FE_TONEAREST);

  puts("-- conversions");
  static const double conv[] = {2.7, -2.7, 2147483647.9, -2147483648.5, 4294967295.0, 1e10, -1e19, 9.2233720368547758e18, 0.5};
  for (unsigned i = 0; i < sizeof conv / sizeof conv[0]; i++) {
    double x = conv[i];
    printf("%.17g -> int %d uint %u ll %lld ull %llu float %a\n", x, (int)x, (unsigned)(long long)x, (long long)x,
      (unsigned long long)(x < 0 ? -x : x), (float)x);
  }
  for (long long k = -3; k <= 3; k++) printf("%lld/7 = %.17g ", k, (double)k / 7);
  printf("\n%.17g %.17g\n", (double)9007199254740993LL, (double)(unsigned long long)18446744073709551615ULL);

  puts("-- long double");
  long double a = 1.0L / 3, b = sqrtl(2.0L), c = 1e4000L, d = LDBL_MIN / 8;
  printf("%La %.25Lf %Lg %Le\n", a, a, a, a);
  printf("%La %.21Lg %Le %Lg\n", b, b, c, d);
  printf("%.30Lf %La\n", (long double)0.1, 0.1L);
  long double sum = 0;
  for (int i = 1; i <= 1000; i++) sum += 1.0L / ((long double)i * i);
  printf("zeta2 %.21Lg %La\n", sum, sum);

  puts("-- sort");
  double arr[12];
  unsigned seed = 12345;
  for (int i = 0; i < 12; i++) { seed = seed * 1103515245 + 12345; arr[i] = ((int)(seed >> 8) % 20000 - 10000) / 7.0; }
  qsort(arr, 12, sizeof arr[0], cmp);
  for (int i = 0; i < 12; i++) printf("%.6g ", arr[i]);
  putchar('\n');
  return 0;
}
