// Cost of NovaLogin.Poll() through the C# binding under Mono, on a pending login.
// Usage: mono poll_cs.exe BASE_URL POLLS REPEATS; prints one JSON object (ns per poll).
using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using NovaAuth;

static class PollBench
{
    static int Main(string[] args)
    {
        long polls = long.Parse(args[1]), repeats = long.Parse(args[2]);
        var options = new NovaOptions { BaseUrl = args[0], PollInterval = TimeSpan.FromSeconds(60), OpenBrowser = false };
        using (NovaLogin login = NovaLogin.Start(options))
        {
            while (login.Url == null) Thread.Sleep(1);
            var perPoll = new double[repeats];
            for (long r = 0; r < repeats; r++)
            {
                var watch = Stopwatch.StartNew();
                for (long i = 0; i < polls; i++)
                {
                    if (login.Poll() != null) throw new Exception("the login left the pending state during the loop");
                }
                perPoll[r] = watch.Elapsed.TotalMilliseconds * 1e6 / polls;
            }
            Array.Sort(perPoll);
            CultureInfo c = CultureInfo.InvariantCulture;
            Console.WriteLine("{\"polls\": " + polls.ToString(c) + ", \"best_ns\": " + perPoll[0].ToString("F2", c) +
                ", \"median_ns\": " + perPoll[perPoll.Length / 2].ToString("F2", c) + "}");
        }
        return 0;
    }
}
