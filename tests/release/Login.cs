// Signs in at NOVA_AUTH_BASE_URL through the released NovaAuth package and prints the user.
using System;
using System.Threading;
using NovaAuth;

static class Login
{
    static int Main()
    {
        NovaUser user = NovaLogin.LoginAsync(new NovaOptions { OpenBrowser = false }, CancellationToken.None).Result;
        Console.WriteLine("Signed in: " + user.Uid);
        return 0;
    }
}
