export default {}; export class LeadObject {}
