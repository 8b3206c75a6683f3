//! The classes every form shares: inputs, buttons and the frame of a form on a page.

pub const INPUT_CLASS: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-[invalid=true]:border-red-600";
pub const BUTTON_CLASS: &str = "inline-flex items-center justify-center rounded-md bg-indigo-600 px-4 py-2 font-medium text-white shadow-sm hover:bg-indigo-700 disabled:opacity-50";
/// The frame of a form on a page.
pub const FORM_CLASS: &str = "mt-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm";
