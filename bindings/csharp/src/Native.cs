using System;
using System.Runtime.InteropServices;

namespace NovaAuth
{
    /// <summary>The C ABI of include/nova_auth.h.</summary>
    /// <remarks>
    /// Strings going in are NUL-terminated UTF-8 byte arrays (the default string marshaling
    /// of Mono and .NET Framework is ANSI); strings coming out are pointers read with
    /// <see cref="Utf8.Read"/>. Handles go in as SafeHandles so that a handle is never
    /// released while a call on it is in flight.
    /// </remarks>
    internal static class Native
    {
        private const string Library = "nova_auth";

        /// <summary>Layout of the C struct NovaUser: six char pointers.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct User
        {
            public IntPtr Uid;
            public IntPtr Email;
            public IntPtr Name;
            public IntPtr PhotoUrl;
            public IntPtr Tier;
            public IntPtr RawJson;
        }

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_login_start(OptionsHandle options, out LoginHandle login);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_login_poll(LoginHandle login, out IntPtr user);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_login_wait(LoginHandle login, uint timeoutMs, out IntPtr user);

        /// <summary>NovaCallback: called once with the final status when a login ends.</summary>
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate void EndCallback(IntPtr userData, int status);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_login_set_callback(LoginHandle login, EndCallback callback, IntPtr userData);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr nova_login_url(LoginHandle login);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_login_refresh(LoginHandle login);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void nova_login_cancel(LoginHandle login);

        // Takes the raw pointer: it is called only from LoginHandle.ReleaseHandle.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void nova_login_free(IntPtr login);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern OptionsHandle nova_options_new();

        // Takes the raw pointer: it is called only from OptionsHandle.ReleaseHandle.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void nova_options_free(IntPtr options);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_options_set_base_url(OptionsHandle options, byte[] baseUrl);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_options_set_poll_interval_ms(OptionsHandle options, uint ms);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_options_set_timeout_ms(OptionsHandle options, uint ms);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_options_set_request_timeout_ms(OptionsHandle options, uint ms);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_options_set_open_browser(OptionsHandle options, [MarshalAs(UnmanagedType.U1)] bool open);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_options_set_choose_account(OptionsHandle options, [MarshalAs(UnmanagedType.U1)] bool choose);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int nova_options_set_user_agent(OptionsHandle options, byte[] userAgent);

        // Per thread: read it on the thread of the call that failed, right after it.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr nova_last_error();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr nova_status_name(int status);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr nova_version();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void nova_user_free(IntPtr user);
    }
}
