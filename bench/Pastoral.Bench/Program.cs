using System.Globalization;
using Pastoral.Bench;

// Pastoral.Bench: the measuring half of bench/run.sh.
//   measure  starts `pastoral serve --no-demo` on an existing database N times, timing each start to a served sign-in page,
//            then, on the last start, times sequential roster API and /healthz requests. Writes one JSON file per case.
//   report   turns those JSON files into bench/results/latest.md (and the figures section of bench/README.md).
// Figures are written with '.' decimals and ',' thousands whatever the machine's locale.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    return args.Length == 0 ? Usage() : args[0] switch
    {
        "measure" => await Measure.RunAsync(Args.Parse(args[1..])),
        "report" => Report.Run(Args.Parse(args[1..])),
        _ => Usage(),
    };
}
catch (BenchException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          Pastoral.Bench measure --dll PATH --repo DIR --port P --data DIR [--database postgres --connection CS]
                                 --token TOKEN --requests N --warmup W --starts S --out FILE.json --log FILE [--pidfile FILE]
                                 --provider NAME --size NAME --pupils N --demo-seconds S --demo-peak-kb KB
          Pastoral.Bench report  --out FILE.md [--readme README.md] [--mode full|quick] [--commit SHA] [--postgres VERSION] CASE.json...
        """);
    return 2;
}
