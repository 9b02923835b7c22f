using Microsoft.Win32.SafeHandles;

namespace NovaAuth
{
    /// <summary>Owns a native NovaOptions*.</summary>
    internal sealed class OptionsHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        private OptionsHandle() : base(true)
        {
        }

        protected override bool ReleaseHandle()
        {
            Native.nova_options_free(handle);
            return true;
        }
    }

    /// <summary>Owns a native NovaLogin*.</summary>
    /// <remarks>
    /// The marshaler holds a reference on the handle during every call that takes it, so
    /// nova_login_free runs only once no call on the login is in flight, as the C API asks.
    /// </remarks>
    internal sealed class LoginHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        private LoginHandle() : base(true)
        {
        }

        protected override bool ReleaseHandle()
        {
            Native.nova_login_free(handle);
            return true;
        }
    }
}
