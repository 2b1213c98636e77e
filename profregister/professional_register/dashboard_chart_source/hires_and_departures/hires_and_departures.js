frappe.provide("frappe.dashboards.chart_sources");

// Main employments started and ended per month, in the user's scope (profregister.api).
frappe.dashboards.chart_sources["Hires and Departures"] = {
	method: "profregister.api.hires_and_departures",
	filters: [],
};
